using AilasKiosk.Crew;
using AilasKiosk.Crew.Screens;

namespace AilasKiosk.Devices.Oled;

/// <summary>The real panel, behind <see cref="ResilientDisplay"/>: a loose display is logged once and retried, never fatal.</summary>
internal sealed class OledFrameOutput(IOledController panel) : IFrameOutput
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
