namespace AilasKiosk.Inspect;

/// <summary>
/// How far the camera clock is from GPS time. Crews set their cameras to local time and EXIF records no
/// zone, so a camera that is exactly right still differs from GPS (UTC) by its time-zone offset. We split
/// the raw difference into that zone offset and the remaining skew, which is what a wrong clock looks like.
/// </summary>
/// <param name="CameraMinusGps">Camera clock minus GPS UTC time, as recorded.</param>
/// <param name="ZoneOffset">
/// The real-world UTC offset nearest to the raw difference, when one lies within an hour of it; null when
/// none does (the camera's date is wrong, not its zone).
/// </param>
/// <param name="Skew">Raw difference minus the zone offset (the raw difference when there is no zone).</param>
internal sealed record ClockOffset(TimeSpan CameraMinusGps, TimeSpan? ZoneOffset, TimeSpan Skew)
{
    // Offsets some zone really uses (standard or summer time): every whole hour from UTC−12 to UTC+14,
    // plus the half- and quarter-hour ones. Rounding to any quarter hour instead would hide a camera
    // 10 minutes off (it would look 5 minutes off the "UTC+2:15 zone", which no crew lives in).
    private static readonly TimeSpan[] RealZones =
    [
        .. Enumerable.Range(-12, 27).Select(h => TimeSpan.FromHours(h)),
        Hm(-9, -30), Hm(-3, -30), Hm(-2, -30), Hm(3, 30), Hm(4, 30), Hm(5, 30), Hm(5, 45),
        Hm(6, 30), Hm(8, 45), Hm(9, 30), Hm(10, 30), Hm(12, 45), Hm(13, 45),
    ];

    private static readonly TimeSpan ZoneTolerance = TimeSpan.FromHours(1);

    /// <summary>Compares a camera-clock capture time (zone unknown) with a GPS UTC time.</summary>
    public static ClockOffset Between(DateTime cameraClock, DateTime gpsUtc)
    {
        // Both are wall-clock readings: compare ticks, ignoring Kind (Unspecified vs Utc).
        TimeSpan raw = TimeSpan.FromTicks(cameraClock.Ticks - gpsUtc.Ticks);
        TimeSpan nearest = RealZones.MinBy(zone => (raw - zone).Duration());
        return (raw - nearest).Duration() <= ZoneTolerance
            ? new ClockOffset(raw, nearest, raw - nearest)
            : new ClockOffset(raw, null, raw);
    }

    private static TimeSpan Hm(int hours, int minutes) => new(hours, minutes, 0);
}
