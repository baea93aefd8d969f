using AilasKiosk.Crew.Screens;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Devices.Oled;

/// <summary>
/// Decorator: a loose or missing display must never crash the daemon. Any exception from the inner controller
/// (in practice IOException from the bus) is logged once per outage, the display is marked offline, and the next
/// calls only remember what should be shown. At most once per <c>retryInterval</c> a call re-initialises the panel
/// and redraws everything (a reseated module has lost its RAM and settings). Nothing here throws to the caller.
/// Time comes from the injected <see cref="TimeProvider"/>'s monotonic timestamp: the Pi has no RTC and its wall
/// clock jumps when NTP syncs.
/// </summary>
internal sealed class ResilientDisplay : IOledController
{
    private readonly IOledController _inner;
    private readonly TimeSpan _retryInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<ResilientDisplay> _log;
    private readonly object _gate = new();

    // What the caller wants on the panel, re-applied after a recovery.
    private MonoFrame? _frame;
    private byte? _contrast;
    private bool _inverted;
    private bool _poweredOff;

    private State _state = State.NotInitialized;
    private long _failedAt;

    public ResilientDisplay(IOledController inner, TimeSpan retryInterval, TimeProvider time, ILogger<ResilientDisplay> log)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(retryInterval, TimeSpan.Zero);
        _inner = inner;
        _retryInterval = retryInterval;
        _time = time;
        _log = log;
    }

    private enum State
    {
        NotInitialized,
        Online,
        Offline,
    }

    /// <summary>The last call reached the panel.</summary>
    public bool IsOnline
    {
        get { lock (_gate) return _state == State.Online; }
    }

    /// <summary>Brings the panel up now, or, while offline, when the retry interval has passed.</summary>
    public void Initialize()
    {
        lock (_gate)
        {
            if (_state == State.Online) _state = State.NotInitialized;
            EnsureOnline();
        }
    }

    public void Show(MonoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            if (_frame is null) _frame = frame.Clone();
            else _frame.CopyFrom(frame);
            Forward(c => c.Show(_frame));
        }
    }

    public void SetContrast(byte contrast)
    {
        lock (_gate)
        {
            _contrast = contrast;
            Forward(c => c.SetContrast(contrast));
        }
    }

    public void SetInverted(bool inverted)
    {
        lock (_gate)
        {
            _inverted = inverted;
            Forward(c => c.SetInverted(inverted));
        }
    }

    public void PowerOff()
    {
        lock (_gate)
        {
            _poweredOff = true;
            Forward(c => c.PowerOff());
        }
    }

    public void PowerOn()
    {
        lock (_gate)
        {
            _poweredOff = false;
            Forward(c => c.PowerOn());
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                _inner.Dispose();
            }
            catch (Exception e)
            {
                _log.LogDebug(e, "Display did not close cleanly");
            }
        }
    }

    /// <summary>Online: pass the call on. Otherwise the state is already recorded, and a recovery (if due) applies it.</summary>
    private void Forward(Action<IOledController> call)
    {
        if (_state != State.Online)
        {
            EnsureOnline();
            return;
        }
        try
        {
            call(_inner);
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void EnsureOnline()
    {
        if (_state == State.Online) return;
        if (_state == State.Offline && _time.GetElapsedTime(_failedAt) < _retryInterval) return;
        try
        {
            _inner.Initialize();
            if (_contrast is { } contrast) _inner.SetContrast(contrast);
            if (_inverted) _inner.SetInverted(true);
            if (_frame is not null) _inner.Show(_frame);
            if (_poweredOff) _inner.PowerOff();
            if (_state == State.Offline)
                _log.LogInformation("Display is back after {Outage:0} s", _time.GetElapsedTime(_failedAt).TotalSeconds);
            _state = State.Online;
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void Fail(Exception e)
    {
        // One warning per outage: a display left unplugged for a week must not flood the journal.
        if (_state != State.Offline)
            _log.LogWarning(e, "Display is not responding ({Error}); running without it and retrying every {Interval:0} s",
                e.Message, _retryInterval.TotalSeconds);
        _state = State.Offline;
        _failedAt = _time.GetTimestamp();
    }
}
