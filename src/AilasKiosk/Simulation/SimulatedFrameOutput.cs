using AilasKiosk.Crew;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Devices.Oled;

namespace AilasKiosk.Simulation;

/// <summary>
/// The display without hardware: frames go through the real SSD1306 driver into the controller emulator (so the
/// simulation shows what a panel would), then to the terminal — when the screen changes kind, or at most every
/// few seconds while progress ticks — and each new frame to a numbered PNG (the last <see cref="KeptFrames"/> kept).
/// </summary>
internal sealed class SimulatedFrameOutput : IFrameOutput
{
    public const int KeptFrames = 500;
    private static readonly TimeSpan TerminalGap = TimeSpan.FromSeconds(3);

    private readonly OledEmulator _glass = new();
    private readonly Ssd1306 _driver;
    private readonly TextWriter _terminal;
    private readonly string? _framesDirectory;
    private readonly TimeProvider _time;
    private string? _lastKind;
    private long _lastDrawn;
    private int _sequence;

    public SimulatedFrameOutput(TextWriter terminal, string? framesDirectory, TimeProvider time)
    {
        _driver = new Ssd1306(_glass);
        _driver.Initialize();
        _terminal = terminal;
        _framesDirectory = framesDirectory;
        _time = time;
        if (framesDirectory is not null)
            Directory.CreateDirectory(framesDirectory);
    }

    public string? LastPng { get; private set; }

    public void Show(MonoFrame frame, ScreenState state)
    {
        _driver.Show(frame);
        var glass = _glass.Visible;
        SavePng(glass);
        var kind = state is ScreenState.Working w ? $"Working {w.Phase}" : state.GetType().Name;
        if (kind == _lastKind && _time.GetElapsedTime(_lastDrawn) < TerminalGap)
            return;
        _lastKind = kind;
        _lastDrawn = _time.GetTimestamp();
        var border = new string('─', MonoFrame.Width);
        _terminal.WriteLine($"┌{border}┐");
        foreach (var line in TerminalRenderer.Render(glass).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            _terminal.WriteLine($"│{line.TrimEnd('\r')}│");
        _terminal.WriteLine($"└{border}┘");
        _terminal.Flush();
    }

    private void SavePng(MonoFrame frame)
    {
        if (_framesDirectory is null)
            return;
        try
        {
            var path = Path.Combine(_framesDirectory, $"frame-{++_sequence:D5}.png");
            using (var file = File.Create(path))
                PngWriter.Write(frame, file, scale: 4);
            LastPng = path;
            var old = Path.Combine(_framesDirectory, $"frame-{_sequence - KeptFrames:D5}.png");
            if (File.Exists(old))
                File.Delete(old);
        }
        catch (IOException)
        {
            // The simulation's pictures are a convenience: a full disk must not stop the kiosk.
        }
    }

    public void Dispose() => _driver.Dispose();
}
