namespace AilasKiosk.Daemon;

/// <summary>
/// The daemon's pulse: its card loop beats on every round. The systemd watchdog is only fed while the pulse is
/// recent, so a hung loop (a stuck reader, a deadlock) gets the service killed and restarted.
/// </summary>
public sealed class Liveness(TimeProvider time)
{
    private long _lastBeatTicks = time.GetUtcNow().UtcTicks;

    public void Beat() => Interlocked.Exchange(ref _lastBeatTicks, time.GetUtcNow().UtcTicks);

    public TimeSpan SinceLastBeat => time.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);
}
