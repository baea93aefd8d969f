namespace AilasKiosk.Daemon;

/// <summary>
/// The daemon's pulse: its card loop beats on every round. The systemd watchdog is only fed while the pulse is
/// recent, so a hung loop (a stuck reader, a deadlock) gets the service killed and restarted. Measured on the
/// monotonic clock: NTP stepping a Pi's clock (no RTC) forward must not look like a hang, nor a step back hide one.
/// </summary>
internal sealed class Liveness(TimeProvider time)
{
    private long _lastBeat = time.GetTimestamp();

    public void Beat() => Interlocked.Exchange(ref _lastBeat, time.GetTimestamp());

    public TimeSpan SinceLastBeat => time.GetElapsedTime(Interlocked.Read(ref _lastBeat));
}
