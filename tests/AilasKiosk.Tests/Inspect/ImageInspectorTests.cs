using AilasKiosk.CardFactory;
using AilasKiosk.Inspect;
using AilasKiosk.Tests.Infrastructure;
using static AilasKiosk.Tests.Inspect.TestImages;

namespace AilasKiosk.Tests.Inspect;

public class ImageInspectorTests
{
    [Fact]
    public void Hero10_photo_gives_time_with_sub_seconds_position_and_GPS_time()
    {
        var facts = FactsOf(Photo(CameraProfile.Hero10()));

        Assert.Equal(ImageIntegrity.Intact, facts.Integrity);
        Assert.Equal(MetadataStatus.Read, facts.Metadata);
        Assert.Equal(Taken, facts.CaptureTime);                        // 10:15:02.345 from "3450"
        Assert.Equal(DateTimeKind.Unspecified, facts.CaptureTime!.Value.Kind);
        Assert.True(facts.HasSubSeconds);
        Assert.Equal(GpsState.Valid, facts.GpsState);
        Assert.Equal(47.3941, facts.Gps!.Latitude, precision: 6);
        Assert.Equal(0.6848, facts.Gps.Longitude, precision: 6);
        Assert.Equal(52.3, facts.Gps.Altitude!.Value, precision: 3);
        Assert.Equal(TakenUtc, facts.GpsTimeUtc);
        Assert.Equal(DateTimeKind.Utc, facts.GpsTimeUtc!.Value.Kind);
        Assert.Equal(Projection.Flat, facts.Projection);
    }

    [Fact]
    public void Camera_on_local_time_is_no_skew_the_zone_is_taken_out()
    {
        var clock = FactsOf(Photo(CameraProfile.Hero10())).Clock!;

        Assert.Equal(TimeSpan.FromHours(2) + TimeSpan.FromMilliseconds(345), clock.CameraMinusGps);
        Assert.Equal(TimeSpan.FromHours(2), clock.ZoneOffset);
        Assert.Equal(TimeSpan.FromMilliseconds(345), clock.Skew);     // GPS time has whole seconds only
    }

    [Fact]
    public void Camera_clock_ten_minutes_fast_shows_as_ten_minutes_not_as_another_zone()
    {
        var facts = FactsOf(Photo(CameraProfile.Hero6(), taken: new DateTime(2024, 6, 12, 10, 25, 2)));

        Assert.Equal(TimeSpan.FromHours(2), facts.Clock!.ZoneOffset);
        Assert.Equal(TimeSpan.FromMinutes(10), facts.Clock.Skew);
    }

    [Fact]
    public void Max_360_photo_is_equirectangular_and_its_HERO_mode_photo_is_flat()
    {
        var spherical = FactsOf(Photo(CameraProfile.Max(), name: "GS__8682.JPG"));
        var flat = FactsOf(Photo(CameraProfile.Max(), spherical: false, name: "GPAA8686.JPG"));

        Assert.Equal(Projection.Equirectangular, spherical.Projection);
        Assert.True(spherical.Is360);
        Assert.Equal(GpsState.Valid, spherical.GpsState);
        Assert.Equal(Projection.Flat, flat.Projection);
    }

    [Fact]
    public void Hero6_photo_is_flat_and_has_no_sub_seconds()
    {
        var facts = FactsOf(Photo(CameraProfile.Hero6()));

        Assert.Equal(Projection.Flat, facts.Projection);
        Assert.False(facts.HasSubSeconds);
        Assert.Equal(new DateTime(2024, 6, 12, 10, 15, 2), facts.CaptureTime);
        Assert.Equal(TimeSpan.Zero, facts.Clock!.Skew);
    }

    [Fact]
    public void Photo_without_GPS_directory_has_no_position_and_no_clock_comparison()
    {
        var facts = FactsOf(Photo(CameraProfile.Hero10(), noGps: true));

        Assert.Equal(MetadataStatus.Read, facts.Metadata);
        Assert.Equal(GpsState.Missing, facts.GpsState);
        Assert.Null(facts.Gps);
        Assert.Null(facts.GpsTimeUtc);
        Assert.Null(facts.Clock);
        Assert.NotNull(facts.CaptureTime);
    }

    [Fact]
    public void Photo_at_zero_zero_is_flagged_and_its_receiver_time_is_not_trusted()
    {
        var facts = FactsOf(Photo(CameraProfile.Hero10(), gps: GpsFix.NoLock(TakenUtc.AddHours(-5))));

        Assert.Equal(GpsState.AtZero, facts.GpsState);
        Assert.Equal(0, facts.Gps!.Latitude);
        Assert.NotNull(facts.GpsTimeUtc);
        Assert.Null(facts.Clock);                                     // no fix: its time says nothing about the camera
    }

    [Fact]
    public void West_and_below_sea_level_come_out_negative()
    {
        var facts = FactsOf(Photo(CameraProfile.Hero6(), gps: new GpsFix(-33.8568, -70.6693, -12.5, TakenUtc)));

        Assert.Equal(-33.8568, facts.Gps!.Latitude, precision: 6);
        Assert.Equal(-70.6693, facts.Gps.Longitude, precision: 6);
        Assert.Equal(-12.5, facts.Gps.Altitude!.Value, precision: 3);
    }

    [Fact]
    public void Real_HERO6_sample_agrees_with_exiftool()
    {
        string path = Repo.TestData("gopro", "GoPro.jpg");
        var facts = ImageInspector.Inspect(path);

        Assert.Equal(ImageIntegrity.Intact, facts.Integrity);
        Assert.Equal(MetadataStatus.Read, facts.Metadata);
        Assert.Equal(new DateTime(2017, 10, 3, 10, 58, 29), facts.CaptureTime);
        Assert.False(facts.HasSubSeconds);
        Assert.Equal(GpsState.Valid, facts.GpsState);
        Assert.Equal(40.6584192, facts.Gps!.Latitude, precision: 6);     // exiftool -n
        Assert.Equal(-73.9933543, facts.Gps.Longitude, precision: 6);
        Assert.Equal(-3.983, facts.Gps.Altitude!.Value, precision: 3);    // GPSAltitudeRef 1: below sea level
        Assert.Equal(new DateTime(2017, 10, 3, 14, 58, 14, DateTimeKind.Utc), facts.GpsTimeUtc);
        Assert.Equal(TimeSpan.FromHours(-4), facts.Clock!.ZoneOffset);  // New York summer time
        Assert.Equal(TimeSpan.FromSeconds(15), facts.Clock.Skew);
        Assert.Equal(Projection.Flat, facts.Projection);
        Assert.True(facts.HasGps);
        Assert.Equal(("GoPro", "HERO6 Black", "HD6.01.01.51.00", "C3221324657219"), (facts.Make, facts.Model, facts.Software, facts.BodySerial));
        Assert.Equal("C3221324657219", facts.GoPro?.Serial);
    }

    [Fact]
    public void Realistic_MAX_card_is_all_readable_360_but_its_single_shot()
    {
        var card = GoProCard.Realistic(CameraProfile.Max(), photos: 12, seed: 5, minBytes: 20_000, maxBytes: 80_000);

        var facts = card.Photos.Select(p => FactsOf(GoProJpeg.Build(p.Camera, p.Spec))).ToList();

        Assert.All(facts, f => Assert.Equal((ImageIntegrity.Intact, MetadataStatus.Read, GpsState.Valid), (f.Integrity, f.Metadata, f.GpsState)));
        Assert.Equal(11, facts.Count(f => f.Is360));
        Assert.False(facts[0].Is360);
        Assert.All(facts, f => Assert.Equal(TimeSpan.FromHours(2), f.Clock!.ZoneOffset));
    }

    [Theory]
    [InlineData("max")]      // Exif and XMP found: the walk stops there
    [InlineData("hero10")]   // no XMP: the walk skips APP15 padding up to the metadata window
    public void A_large_photo_costs_its_header_and_last_bytes_not_its_size(string camera)
    {
        byte[] jpeg = Photo(CameraProfile.ByName(camera), size: 12_000_000);
        using var stream = new CountingStream(jpeg);

        var facts = ImageInspector.Inspect(stream, jpeg.Length);

        Assert.Equal((ImageIntegrity.Intact, MetadataStatus.Read), (facts.Integrity, facts.Metadata));
        Assert.True(stream.BytesRead < 64 * 1024, $"read {stream.BytesRead} bytes of {jpeg.Length}");
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_a_callers_mistake()
    {
        Assert.Throws<ArgumentException>(() => ImageInspector.Inspect(new CountingStream([0xFF, 0xD8], canSeek: false), 2));
    }

    /// <summary>Counts what is read, so a test can prove the inspector skips rather than reads.</summary>
    private sealed class CountingStream(byte[] bytes, bool canSeek = true) : MemoryStream(bytes, writable: false)
    {
        public long BytesRead { get; private set; }

        public override bool CanSeek => canSeek && base.CanSeek;

        public override int Read(byte[] buffer, int offset, int count) => Counted(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(base.Read(buffer));

        public override int ReadByte()
        {
            int value = base.ReadByte();
            if (value >= 0)
                BytesRead++;
            return value;
        }

        private int Counted(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
