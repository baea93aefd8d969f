namespace AilasKiosk.Crew.Leds;

/// <summary>
/// Plays the current signal's pattern on an <see cref="ILedOutput"/>, one step every 125 ms of the injected
/// TimeProvider (tests advance a fake one). Writes only the LEDs that change. A new signal starts its cycle from
/// the beginning, so the crew sees its first flash at once.
/// </summary>
internal sealed class LedPlayer(ILedOutput output, TimeProvider time) : IDisposable
{
    private static readonly LedColor[] Colors = [LedColor.Green, LedColor.Amber, LedColor.Red];
    private readonly Dictionary<LedColor, bool> _lit = Colors.ToDictionary(c => c, _ => false);
    private LedPattern _pattern = LedPatterns.For(LedSignal.Off);
    private int _step;
    private bool _restart = true;
    private readonly object _gate = new();

    /// <summary>Steps shown so far: lets a test with a fake clock wait for the step it caused.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    private long _steps;

    public LedSignal Signal
    {
        get { lock (_gate) return _pattern.Signal; }
    }

    /// <summary>Switches to <paramref name="signal"/>; the same signal again changes nothing (its rhythm goes on).</summary>
    public void Play(LedSignal signal)
    {
        lock (_gate)
        {
            if (_pattern.Signal == signal)
                return;
            _pattern = LedPatterns.For(signal);
            _restart = true;
        }
        Tick();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(LedPattern.Step, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                Tick();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Shows the current step and moves to the next.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_restart)
            {
                _step = 0;
                _restart = false;
            }
            foreach (var color in Colors)
            {
                var lit = _pattern.IsLit(color, _step);
                if (_lit[color] == lit)
                    continue;
                output.Light(color, lit);
                _lit[color] = lit;
            }
            _step = (_step + 1) % LedPattern.Steps;
        }
        Interlocked.Increment(ref _steps);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var color in Colors.Where(c => _lit[c]))
                output.Light(color, false);
        }
        output.Dispose();
    }
}
