using AilasKiosk.Crew.Screens;

namespace AilasKiosk.Crew;

/// <summary>Where rendered screens go: the OLED panel, or the terminal and PNG files when simulated.</summary>
internal interface IFrameOutput : IDisposable
{
    void Show(MonoFrame frame, ScreenState state);
}

/// <summary>No display configured (Hardware:Display:Controller=none).</summary>
internal sealed class NoFrameOutput : IFrameOutput
{
    public void Show(MonoFrame frame, ScreenState state) { }
    public void Dispose() { }
}
