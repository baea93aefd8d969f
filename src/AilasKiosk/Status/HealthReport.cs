namespace AilasKiosk.Status;

internal enum CheckState
{
    /// <summary>Not checked yet (just started).</summary>
    Unknown,
    Ok,
    Failing,
}

/// <summary>
/// One health check's result: its state, a sentence a maintainer can act on, and — when failing — the problem a
/// card inserted now would show (storage down vs refused vs full, waiting for the clock).
/// </summary>
internal sealed record HealthCheck(CheckState State, string Detail, ProblemKind? Problem = null)
{
    public static readonly HealthCheck NotYet = new(CheckState.Unknown, "not checked yet");
    public bool IsOk => State == CheckState.Ok;
}

/// <summary>What the daemon watches while idle: storage (reachable, credentials, bucket), clock, free space.</summary>
internal sealed record HealthReport(HealthCheck Storage, HealthCheck Clock, HealthCheck Disk, DateTimeOffset CheckedAt)
{
    public static HealthReport Initial(DateTimeOffset now) => new(HealthCheck.NotYet, HealthCheck.NotYet, HealthCheck.NotYet, now);
    public bool Healthy => Storage.IsOk && Clock.IsOk && Disk.IsOk;
}
