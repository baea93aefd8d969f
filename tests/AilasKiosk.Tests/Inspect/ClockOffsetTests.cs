using AilasKiosk.Inspect;

namespace AilasKiosk.Tests.Inspect;

public class ClockOffsetTests
{
    private static readonly DateTime Gps = new(2024, 6, 12, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(120, 0, 120, 0)]            // CEST, clock right
    [InlineData(60, 0, 60, 0)]              // CET
    [InlineData(0, 0, 0, 0)]                // camera on UTC
    [InlineData(130, 0, 120, 600)]          // CEST, 10 min fast: not "UTC+2:15 and 5 min slow"
    [InlineData(110, 0, 120, -600)]         // CEST, 10 min slow
    [InlineData(330, 20, 330, 20)]          // India: a half-hour zone is a zone, not a 30-minute skew
    [InlineData(345, 0, 345, 0)]            // Nepal
    [InlineData(-240, 15, -240, 15)]        // New York (the real GoPro.jpg: 15 s fast)
    [InlineData(-210, 0, -210, 0)]          // Newfoundland
    public void The_nearest_real_zone_is_taken_out(int rawMinutes, int rawSeconds, int zoneMinutes, int skewSeconds)
    {
        var camera = Gps + TimeSpan.FromMinutes(rawMinutes) + TimeSpan.FromSeconds(rawSeconds);

        var clock = ClockOffset.Between(camera, Gps);

        Assert.Equal(TimeSpan.FromMinutes(rawMinutes) + TimeSpan.FromSeconds(rawSeconds), clock.CameraMinusGps);
        Assert.Equal(TimeSpan.FromMinutes(zoneMinutes), clock.ZoneOffset);
        Assert.Equal(TimeSpan.FromSeconds(skewSeconds), clock.Skew);
    }

    [Fact]
    public void Real_MAX_dump_clock_is_ten_minutes_off_a_whole_hour()
    {
        // max_GS__8682.xml: DateTimeOriginal 2021:12:19 18:22:01, GPS 2021:12:19 17:11:53Z.
        var clock = ClockOffset.Between(new DateTime(2021, 12, 19, 18, 22, 1), new DateTime(2021, 12, 19, 17, 11, 53, DateTimeKind.Utc));

        Assert.Equal(TimeSpan.FromHours(1), clock.ZoneOffset);
        Assert.Equal(new TimeSpan(0, 10, 8), clock.Skew);
    }

    [Fact]
    public void Real_HERO10_dump_date_is_months_off_so_no_zone_explains_it()
    {
        // hero10_G0030095.xml: 2022:06:08 15:57:50.3220 by the camera, 2022:01:12 15:57:03Z by GPS.
        var camera = new DateTime(2022, 6, 8, 15, 57, 50, 322);
        var gps = new DateTime(2022, 1, 12, 15, 57, 3, DateTimeKind.Utc);

        var clock = ClockOffset.Between(camera, gps);

        Assert.Null(clock.ZoneOffset);
        Assert.Equal(camera - gps, clock.Skew);
        Assert.Equal(147, clock.Skew.Days);
    }

    [Theory]
    [InlineData(14 * 60 + 50, 14 * 60, 50 * 60)]   // just past the last zone: still that zone, 50 min off
    [InlineData(-13 * 60 - 30, null, -13 * 60 * 60 - 30 * 60)]
    [InlineData(16 * 60, null, 16 * 60 * 60)]
    public void Beyond_the_real_zones(int rawMinutes, int? zoneMinutes, int skewSeconds)
    {
        var clock = ClockOffset.Between(Gps + TimeSpan.FromMinutes(rawMinutes), Gps);

        Assert.Equal(zoneMinutes is { } z ? TimeSpan.FromMinutes(z) : null, clock.ZoneOffset);
        Assert.Equal(TimeSpan.FromSeconds(skewSeconds), clock.Skew);
    }
}
