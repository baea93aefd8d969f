using AilasKiosk.CardFactory;
using AilasKiosk.Inspect;
using AilasKiosk.Inspect.Gpmf;
using static AilasKiosk.Tests.Identify.GpmfSamples;

namespace AilasKiosk.Tests.Identify;

public class GoProApp6Tests
{
    private static readonly GoProCameraInfo RealHero6 = new("C3221324657219", "HERO6 Black", "HD6.01.01.51.00");

    private static PhotoSpec Photo(long size = 200_000, int seed = 7, bool? spherical = null) =>
        new("100GOPRO", "G0030095.JPG", size, new DateTime(2024, 6, 12, 10, 15, 2), Gps: null, seed, spherical);

    [Fact]
    public void The_real_HERO6_photo_gives_the_serial_model_and_firmware_exiftool_reports()
    {
        Assert.Equal(RealHero6, ImageInspector.Inspect(RealJpegPath).GoPro);
    }

    [Fact]
    public void A_non_seekable_stream_is_refused_rather_than_read_past_the_header()
    {
        byte[] jpeg = RealJpeg();
        Assert.Throws<ArgumentException>(() => ImageInspector.Inspect(new ObservedStream(jpeg, seekable: false), jpeg.Length));
    }

    [Fact]
    public void Reading_starts_at_the_streams_position()
    {
        byte[] prefixed = [.. new byte[100], .. RealJpeg()];
        using var stream = new MemoryStream(prefixed) { Position = 100 };

        Assert.Equal(RealHero6, GoProOf(stream));
    }

    public static TheoryData<string, string, bool?> Cameras => new()
    {
        { "hero10", "C3471325208909", null },
        { "max", "C3351324612139", true },  // 360°: XMP GPano APP1 before APP6
        { "max", "C3351324699999", false }, // HERO mode
        { "hero6", "C3221324000001", null },
    };

    [Theory]
    [MemberData(nameof(Cameras))]
    public void Factory_photos_give_their_cameras_identity(string camera, string serial, bool? spherical)
    {
        var profile = CameraProfile.ByName(camera, serial);
        byte[] jpeg = GoProJpeg.Build(profile, Photo(spherical: spherical));

        var info = GoProOf(new MemoryStream(jpeg));

        Assert.Equal(new GoProCameraInfo(serial, profile.Model, profile.Firmware), info);
    }

    [Fact]
    public void A_15MB_photo_costs_its_header_not_its_size()
    {
        byte[] jpeg = GoProJpeg.Build(CameraProfile.Hero10("C3471325208909"), Photo(size: 15_000_000));
        var stream = new ObservedStream(jpeg);

        Assert.Equal("C3471325208909", GoProOf(stream)?.Serial);
        Assert.True(stream.BytesRead < 64 * 1024, $"read {stream.BytesRead} bytes, up to byte {stream.FurthestHeaderRead}");
    }

    [Fact]
    public void A_photo_without_a_GoPro_segment_has_no_identity()
    {
        var exifOnly = Segments(RealJpeg()).Where(s => s.Marker != 0xE6).Select(s => (s.Marker, s.Payload)).ToArray();

        Assert.Null(GoProOf(new MemoryStream(Jpeg(exifOnly))));
    }

    [Fact]
    public void An_APP6_segment_of_another_vendor_is_ignored_even_if_it_holds_GPMF()
    {
        byte[] gpmf = RealGpmf();
        byte[] jpeg = Jpeg((0xE6, [.. "Other\0"u8, .. gpmf]));

        Assert.Null(GoProOf(new MemoryStream(jpeg)));
    }

    [Fact]
    public void A_later_GoPro_segment_is_used_when_the_first_has_no_serial()
    {
        byte[] jpeg = Jpeg(
            GoProSegment(Nest("DEVC", Text("DVNM", "Geometry Calibrations"))),
            GoProSegment(Nest("DEVC", Text("CASN", "C3351324612139"), Text("MINF", "GoPro Max"))));

        Assert.Equal(new GoProCameraInfo("C3351324612139", "GoPro Max", null), GoProOf(new MemoryStream(jpeg)));
    }

    [Fact]
    public void A_serial_in_GPMF_cut_short_after_it_still_counts()
    {
        byte[] gpmf = [.. Text("CASN", "C3351324612139"), .. Text("MINF", "GoPro Max")[..10]];

        Assert.Equal("C3351324612139", GoProOf(new MemoryStream(Jpeg(GoProSegment(gpmf))))?.Serial);
    }

    [Theory]
    [InlineData("C32213246\u00019")]   // control character
    [InlineData("c3221324657219")]     // lower case: not how GoPro writes serials
    [InlineData("C32")]                // too short
    [InlineData("")]
    public void An_implausible_serial_is_no_identity(string serial)
    {
        byte[] jpeg = Jpeg(GoProSegment(Nest("DEVC", Text("CASN", serial), Text("MINF", "HERO6 Black"))));

        Assert.Null(GoProOf(new MemoryStream(jpeg)));
    }

    [Theory]
    [InlineData("HERO6 \u001B[31mBlack")] // a terminal escape
    [InlineData("HERO6 Bl\u00E4ck")]      // not ASCII
    [InlineData("")]
    public void A_model_that_is_not_printable_ASCII_is_dropped_but_the_serial_kept(string model)
    {
        byte[] jpeg = Jpeg(GoProSegment(Nest("DEVC", Text("CASN", "C3221324657219"), Text("MINF", model))));

        Assert.Equal(new GoProCameraInfo("C3221324657219", null, null), GoProOf(new MemoryStream(jpeg)));
    }
}
