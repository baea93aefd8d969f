namespace AilasKiosk.Configuration;

/// <summary>The crew-facing hardware: three LEDs on GPIO and a 128×64 I2C display.</summary>
internal sealed class HardwareOptions
{
    /// <summary>Draw the LEDs and the display on the terminal instead (also chosen when no GPIO chip exists).</summary>
    public bool Simulated { get; set; }

    /// <summary>Where the simulated display's frames are saved as PNG; empty: State:Directory/frames.</summary>
    public string FramesDirectory { get; set; } = "";

    public LedOptions Leds { get; set; } = new();

    public DisplayOptions Display { get; set; } = new();

    internal static void Validate(HardwareOptions h)
    {
        foreach (var (key, pin) in new[] { ("Green", h.Leds.Green), ("Amber", h.Leds.Amber), ("Red", h.Leds.Red) })
            if (pin is < 0 or > 63)
                throw new ConfigurationException($"Hardware:Leds:{key}", $"must be a GPIO line number 0-63 (got {pin})");
        if (new[] { h.Leds.Green, h.Leds.Amber, h.Leds.Red }.Distinct().Count() != 3)
            throw new ConfigurationException("Hardware:Leds", "the three LEDs need three different GPIO lines");
        if (h.Display.Controller is not ("ssd1306" or "sh1106" or "none"))
            throw new ConfigurationException("Hardware:Display:Controller", $"must be ssd1306, sh1106 or none (got '{h.Display.Controller}')");
        if (h.Display.Bus is < 0 or > 31)
            throw new ConfigurationException("Hardware:Display:Bus", $"must be an I2C bus number (got {h.Display.Bus})");
        if (h.Display.Address is < 0x03 or > 0x77)
            throw new ConfigurationException("Hardware:Display:Address", $"must be a 7-bit I2C address, e.g. 60 (0x3C) (got {h.Display.Address})");
        if (h.FramesDirectory.Length > 0 && !Path.IsPathRooted(h.FramesDirectory))
            throw new ConfigurationException("Hardware:FramesDirectory", $"must be an absolute path (got '{h.FramesDirectory}')");
    }
}

internal sealed class LedOptions
{
    /// <summary>
    /// The GPIO chip: its number (0 for /dev/gpiochip0) or label ("pinctrl-rp1"); empty: the chip whose label is a
    /// Raspberry Pi's (pinctrl-bcm2711, pinctrl-bcm2835, pinctrl-rp1). Pi 5 and newer images renumber chips.
    /// </summary>
    public string Chip { get; set; } = "";

    /// <summary>GPIO line numbers on that chip (= BCM numbers on a Pi).</summary>
    public int Green { get; set; } = 17;
    public int Amber { get; set; } = 27;
    public int Red { get; set; } = 22;

    /// <summary>LEDs wired between 3.3 V and the pin light when the pin is low.</summary>
    public bool ActiveLow { get; set; }
}

internal sealed class DisplayOptions
{
    /// <summary>ssd1306 (0.96″ modules), sh1106 (1.3″ modules) or none.</summary>
    public string Controller { get; set; } = "ssd1306";

    /// <summary>I2C bus: 1 is the header's SDA/SCL on a Pi (/dev/i2c-1).</summary>
    public int Bus { get; set; } = 1;

    /// <summary>7-bit address: 60 (0x3C), some modules 61 (0x3D).</summary>
    public int Address { get; set; } = 0x3C;
}
