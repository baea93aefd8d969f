namespace AilasKiosk.Crew.Leds;

/// <summary>Where LED states go: GPIO pins on the kiosk, the terminal when simulated.</summary>
internal interface ILedOutput : IDisposable
{
    void Light(LedColor color, bool lit);
}
