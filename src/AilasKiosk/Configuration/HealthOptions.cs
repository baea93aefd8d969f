namespace AilasKiosk.Configuration;

/// <summary>What the daemon watches while idle (and before each card): storage, clock, free space.</summary>
internal sealed class HealthOptions
{
    /// <summary>Storage reachability and credentials are checked at start and this often while idle.</summary>
    public int StorageCheckSeconds { get; set; } = 60;

    /// <summary>
    /// Largest tolerated difference between this clock and the storage server's (its Date header). S3 refuses
    /// requests beyond 15 min (RequestTimeTooSkewed); uploads are held below that, showing "waiting for clock".
    /// </summary>
    public int MaxClockSkewSeconds { get; set; } = 300;

    /// <summary>A clock earlier than this is not plausible (a Pi 4 without RTC boots in the past): uploads wait.</summary>
    public DateTimeOffset NotBefore { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Free space under State:Directory (journal, logs) below which the kiosk reports itself unhealthy.</summary>
    public int MinFreeMegabytes { get; set; } = 200;
}
