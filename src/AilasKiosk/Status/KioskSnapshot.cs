namespace AilasKiosk.Status;

/// <summary>The last card that finished, for the idle screen: "AILAS-07 · 312 photos · 14:02".</summary>
public sealed record LastCard(string Label, int Files, long Bytes, DateTimeOffset FinishedAt, string Outcome);

/// <summary>
/// Everything the kiosk is doing, at one instant: what the LEDs, the display, the status file and
/// `ailas-kiosk status` all show. Slots are sorted by name.
/// </summary>
public sealed record KioskSnapshot(
    string KioskId,
    string Version,
    int ProcessId,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<SlotStatus> Slots,
    HealthReport Health,
    LastCard? LastCard,
    string? IpAddress);
