namespace AilasKiosk.Status;

/// <summary>The last card that finished, for the idle screen: "AILAS-07 · 312 photos · 14:02".</summary>
internal sealed record LastCard(string Label, int Files, long Bytes, DateTimeOffset FinishedAt, string Outcome);

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
    DateTimeOffset? WrittenAt = null)
{
    /// <summary>When the daemon was last known alive: the file's write time (or, in an older file, the last change).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset LastSeen => WrittenAt ?? UpdatedAt;
}
