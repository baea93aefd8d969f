using AilasKiosk.Hardware.Display;
using AilasKiosk.Hardware.Display.Screens;

namespace AilasKiosk.Hardware;

/// <summary>Where rendered screens go: the OLED panel, or the terminal and PNG files when simulated.</summary>
public interface IFrameOutput : IDisposable
{
    void Show(MonoFrame frame, ScreenState state);
}

/// <summary>The real panel, behind <see cref="ResilientDisplay"/>: a loose display is logged once and retried, never fatal.</summary>
public sealed class OledFrameOutput(IOledController panel) : IFrameOutput
{
    private bool _initialized;

    public void Show(MonoFrame frame, ScreenState state)
    {
        if (!_initialized)
        {
            panel.Initialize();
            _initialized = true;
        }
        panel.Show(frame);
    }

    public void Dispose()
    {
        panel.PowerOff();
        panel.Dispose();
    }
}

/// <summary>No display configured (Hardware:Display:Controller=none).</summary>
public sealed class NoFrameOutput : IFrameOutput
{
    public void Show(MonoFrame frame, ScreenState state) { }
    public void Dispose() { }
}
