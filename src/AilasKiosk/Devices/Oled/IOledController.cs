using AilasKiosk.Crew.Screens;
namespace AilasKiosk.Devices.Oled;

/// <summary>A 128×64 monochrome OLED panel behind its controller chip.</summary>
internal interface IOledController : IDisposable
{
    /// <summary>Sends the controller's power-up sequence, clears its RAM and switches the display on.</summary>
    void Initialize();

    /// <summary>Makes the panel show the frame, sending only the pages that differ from what the panel holds.</summary>
    void Show(MonoFrame frame);

    /// <summary>0…255; lower is dimmer and wears the panel less.</summary>
    void SetContrast(byte contrast);

    /// <summary>Inverse video: lit pixels dark and dark pixels lit, without touching RAM.</summary>
    void SetInverted(bool inverted);

    /// <summary>Puts the panel to sleep (dark, RAM kept) — against burn-in while idle.</summary>
    void PowerOff();

    /// <summary>Wakes the panel from <see cref="PowerOff"/>, showing what RAM holds.</summary>
    void PowerOn();
}
