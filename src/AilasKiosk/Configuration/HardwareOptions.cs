namespace AilasKiosk.Configuration;

/// <summary>The crew-facing hardware: three LEDs on GPIO and a 128×64 I2C display.</summary>
public sealed class HardwareOptions
{
    /// <summary>Draw the LEDs and the display on the terminal instead (also chosen when no GPIO chip exists).</summary>
    public bool Simulated { get; set; }
}
