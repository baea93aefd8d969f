namespace AilasKiosk.Fleet;

/// <summary>
/// When the status object is due (pure, so the tests can walk it through time): at once the first time; after a
/// change of what the fleet sees (its <see cref="StatusPublisher.SignatureOf">signature</see>), as soon as
/// <paramref name="minGap"/> has passed since the last write (several changes inside the gap make one write);
/// otherwise <paramref name="interval"/> after the last write. Times are monotonic (elapsed since the start).
/// </summary>
internal sealed class PublishSchedule(TimeSpan minGap, TimeSpan interval)
{
    private TimeSpan? _lastWrite;
    private string? _written;

    /// <summary>How long to wait from <paramref name="now"/> before writing the state whose signature is <paramref name="signature"/>; zero: now.</summary>
    public TimeSpan WaitBeforeWrite(TimeSpan now, string signature)
    {
        if (_lastWrite is not { } last) return TimeSpan.Zero;
        var due = last + (signature == _written ? interval : minGap);
        return due > now ? due - now : TimeSpan.Zero;
    }

    /// <summary>
    /// A write was attempted, whether or not the storage took it: a failed one is tried again at the next tick (or
    /// at the next change, such as the storage check turning good), not in a tight loop against a storage that is down.
    /// </summary>
    public void Attempted(TimeSpan now, string signature)
    {
        _lastWrite = now;
        _written = signature;
    }
}
