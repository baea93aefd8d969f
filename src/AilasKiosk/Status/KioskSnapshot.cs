namespace AilasKiosk.Status;

/// <summary>The last card that finished, for the idle screen: "AILAS-07 · 312 photos · 14:02".</summary>
internal sealed record LastCard(string Label, int Files, long Bytes, DateTimeOffset FinishedAt, string Outcome);

/// <summary>
/// A card session that ended, as the fleet sees it (`_kiosks/&lt;id&gt;/status.json`, `ailas-kiosk fleet`): which camera,
/// how much, how it went. <paramref name="CameraLabel"/> is null for an unregistered camera (its images quarantined).
/// </summary>
internal sealed record RecentSession(
    DateTimeOffset FinishedAt,
    string? Session,
    string? Slot,
    string? CameraLabel,
    string? CameraSerial,
    int Files,
    long Bytes,
    string Outcome,
    ProblemKind? Problem,
    int Quarantined,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Sessions a snapshot keeps, newest first.</summary>
    public const int Kept = 10;

    /// <summary>Warnings kept per session, each cut to <see cref="MaxWarningLength"/> characters: a status stays small.</summary>
    public const int MaxWarnings = 10;

    public const int MaxWarningLength = 300;

    public static IReadOnlyList<string> Bounded(IEnumerable<string> warnings) =>
        [.. warnings.Take(MaxWarnings).Select(w => w.Length <= MaxWarningLength ? w : w[..(MaxWarningLength - 1)] + "…")];
}

/// <summary>
/// Everything the kiosk is doing, at one instant: what the LEDs, the display, the status file and
/// `ailas-kiosk status` all show. Slots are sorted by name.
/// </summary>
/// <param name="UpdatedAt">When the model last changed (a slot, the health, the last card).</param>
/// <param name="WrittenAt">
/// When the daemon wrote this snapshot to the status file, which it does at least every
/// <see cref="StatusFile.Heartbeat"/>, changed or not: the daemon's heartbeat. Null in the model itself and in
/// files from older versions.
/// </param>
/// <param name="RecentSessions">The last <see cref="RecentSession.Kept"/> sessions, newest first; null in files from older versions.</param>
internal sealed record KioskSnapshot(
    string KioskId,
    string Version,
    int ProcessId,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<SlotStatus> Slots,
    HealthReport Health,
    LastCard? LastCard,
    string? IpAddress,
    DateTimeOffset? WrittenAt = null,
    IReadOnlyList<RecentSession>? RecentSessions = null)
{
    /// <summary>When the daemon was last known alive: the file's write time (or, in an older file, the last change).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset LastSeen => WrittenAt ?? UpdatedAt;
}
