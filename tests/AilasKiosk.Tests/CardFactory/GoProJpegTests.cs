using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.CardFactory;

public class GoProJpegTests
{
    private static readonly DateTime Taken = new(2024, 6, 12, 10, 15, 2, 345);
    private static readonly GpsFix Tours = new(47.3941, 0.6848, 52.3, new DateTime(2024, 6, 12, 8, 15, 2, DateTimeKind.Utc));

    private static PhotoSpec Photo(long size = 200_000, GpsFix? gps = null, int seed = 42, bool? spherical = null) =>
        new("100GOPRO", "G0030095.JPG", size, Taken, gps ?? Tours, seed, spherical);

    [Fact]
    public void Segments_are_in_GoPro_order_and_the_file_ends_with_a_real_picture()
    {
        byte[] jpeg = GoProJpeg.Build(CameraProfile.Hero10(), Photo());

        var markers = JpegInspector.Segments(jpeg).Select(s => s.Marker).ToList();
        Assert.Equal([0xE1, 0xE6], markers.Take(2));                                 // Exif, then GoPro GPMF
        Assert.All(markers.Skip(2).SkipLast(4), m => Assert.Equal(0xEF, m));          // APP15 padding
        Assert.Equal([0xDB, 0xC0, 0xC4, 0xDA], markers.TakeLast(4));                  // DQT SOF0 DHT SOS
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);                                        // EOI
    }

    [Fact]
    public void Exif_carries_what_the_kiosk_identifies_cameras_and_places_by()
    {
        var exif = JpegInspector.Exif(GoProJpeg.Build(CameraProfile.Hero10("C3471325208909"), Photo()));

        var ifd0 = exif["IFD0"];
        Assert.Equal("DCIM\\100GOPRO\\G0030095.JPG", ifd0[0x010E].Text);
        Assert.Equal("GoPro", ifd0[0x010F].Text);
        Assert.Equal("HERO10 Black", ifd0[0x0110].Text);
        Assert.Equal(30u, ifd0[0x0110].Count);                                        // NUL-padded like the camera
        Assert.Equal("H21.01.01.10.00", ifd0[0x0131].Text);
        Assert.Equal("2024:06:12 10:15:02", ifd0[0x0132].Text);

        var exifIfd = exif["ExifIFD"];
        Assert.Equal("2024:06:12 10:15:02", exifIfd[0x9003].Text);                   // DateTimeOriginal
        Assert.Equal("2024:06:12 10:15:02", exifIfd[0x9004].Text);                   // DateTimeDigitized
        Assert.Equal("3450", exifIfd[0x9291].Text);                                  // SubSecTimeOriginal
        Assert.Equal("C3471325208909", exifIfd[0xA431].Text);                        // BodySerialNumber
        Assert.Equal(5568u, exifIfd[0xA002].Number);
        Assert.Equal(4176u, exifIfd[0xA003].Number);

        var gps = exif["GPS"];
        Assert.Equal("N", gps[0x0001].Text);
        Assert.Equal(47.3941, Degrees(gps[0x0002]), precision: 6);
        Assert.Equal("E", gps[0x0003].Text);
        Assert.Equal(0.6848, Degrees(gps[0x0004]), precision: 6);
        Assert.Equal(0u, gps[0x0005].Number);
        Assert.Equal(52.3, gps[0x0006].Rational(0), precision: 3);
        Assert.Equal([8.0, 15.0, 2.0], [gps[0x0007].Rational(0), gps[0x0007].Rational(1), gps[0x0007].Rational(2)]);
        Assert.Equal("2024:06:12", gps[0x001D].Text);
        Assert.False(gps.ContainsKey(0x0000), "real GoPro files carry no GPSVersionID");
    }

    [Fact]
    public void West_and_below_sea_level_use_the_references()
    {
        var gps = JpegInspector.Exif(GoProJpeg.Build(CameraProfile.Hero6(), Photo(gps: new GpsFix(47.47, -0.55, -3.983, Tours.UtcTime))))["GPS"];

        Assert.Equal("W", gps[0x0003].Text);
        Assert.Equal(0.55, Degrees(gps[0x0004]), precision: 6);
        Assert.Equal(1u, gps[0x0005].Number);
        Assert.Equal(3.983, gps[0x0006].Rational(0), precision: 3);
    }

    [Fact]
    public void No_GPS_means_no_GPS_directory_and_no_lock_means_zeros()
    {
        var camera = CameraProfile.Hero10();
        Assert.False(JpegInspector.Exif(GoProJpeg.Build(camera, Photo() with { Gps = null })).ContainsKey("GPS"));

        var gps = JpegInspector.Exif(GoProJpeg.Build(camera, Photo(gps: GpsFix.NoLock(Tours.UtcTime))))["GPS"];
        Assert.Equal(0, Degrees(gps[0x0002]));
        Assert.Equal(0, Degrees(gps[0x0004]));
    }

    [Fact]
    public void Older_cameras_write_no_sub_seconds()
    {
        var exifIfd = JpegInspector.Exif(GoProJpeg.Build(CameraProfile.Hero6(), Photo()))["ExifIFD"];
        Assert.False(exifIfd.ContainsKey(0x9291));
    }

    [Fact]
    public void Gpmf_of_a_HERO10_holds_serial_model_and_firmware_directly_in_DEVC()
    {
        var devc = Assert.Single(JpegInspector.Gpmf(GoProJpeg.Build(CameraProfile.Hero10("C3471325208909"), Photo())));

        Assert.Equal("DEVC", devc.Key);
        Assert.Equal("Global Settings", devc["DVNM"].Text);
        Assert.Equal([8, 1, 4], devc["VERS"].Payload);
        Assert.Equal('c', devc["CASN"].Type);
        Assert.Equal("C3471325208909", devc["CASN"].Text);
        Assert.Equal("HERO10 Black", devc["MINF"].Text);
        Assert.Equal("H21.01.01.10.00", devc["FMWR"].Text);
    }

    [Fact]
    public void Gpmf_of_a_HERO6_nests_the_settings_in_a_stream_like_GoPro_jpg()
    {
        var devc = Assert.Single(JpegInspector.Gpmf(GoProJpeg.Build(CameraProfile.Hero6(), Photo())));

        // The key sequence of testdata/gopro/GoPro.jpg, a real HERO6 photo.
        Assert.Equal(["DVID", "DVNM", "TICK", "STRM"], devc.Children.Select(c => c.Key));
        Assert.Equal("Photo Global Settings", devc["DVNM"].Text);
        Assert.Equal(
            ["TSMP", "TICK", "FMWR", "LINF", "CINF", "CASN", "MINF", "MUID", "CMOD", "MTYP", "OREN", "DZOM", "DZST", "SMTR",
             "PRTN", "PTWB", "PTSH", "PTCL", "EXPT", "PIMX", "PIMN", "PTEV", "RATE", "PRES", "PHDR", "PRAW", "HFLG"],
            devc["STRM"].Children.Select(c => c.Key));
        Assert.Equal("C3221324657219", devc["STRM"]["CASN"].Text);
        Assert.Equal(15, devc["STRM"]["CASN"].Repeat);                               // serial + NUL, as HERO6 writes it
        Assert.Equal(30, devc["STRM"]["MINF"].Repeat);
    }

    [Fact]
    public void Max_360_photos_carry_GPano_and_flat_ones_do_not()
    {
        var max = CameraProfile.Max();
        byte[] spherical = GoProJpeg.Build(max, Photo());
        byte[] flat = GoProJpeg.Build(max, Photo(spherical: false));

        Assert.Contains("GPano:ProjectionType=\"equirectangular\"", JpegInspector.Xmp(spherical));
        Assert.Equal(5760u, JpegInspector.Exif(spherical)["ExifIFD"][0xA002].Number);
        Assert.Null(JpegInspector.Xmp(flat));
        Assert.Equal(2704u, JpegInspector.Exif(flat)["ExifIFD"][0xA002].Number);
        Assert.Null(JpegInspector.Xmp(GoProJpeg.Build(CameraProfile.Hero10(), Photo())));
        Assert.Throws<ArgumentException>(() => GoProJpeg.Build(CameraProfile.Hero10(), Photo(spherical: true)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(65_537)]
    [InlineData(65_538)]
    [InlineData(131_074)]
    [InlineData(131_075)]
    [InlineData(15_000_000)]
    public void Files_have_exactly_the_requested_size(long aboveMinimum)
    {
        var camera = CameraProfile.Max();
        long size = GoProJpeg.MinimumSize(camera, Photo()) + aboveMinimum;

        byte[] jpeg = GoProJpeg.Build(camera, Photo(size));

        Assert.Equal(size, jpeg.LongLength);
        Assert.Equal("GoPro Max", JpegInspector.Gpmf(jpeg)[0]["MINF"].Text);     // metadata still parses
        Assert.Equal("GoPro", JpegInspector.Exif(jpeg)["IFD0"][0x010F].Text);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
    }

    [Fact]
    public void A_size_below_the_metadata_is_refused()
    {
        var camera = CameraProfile.Hero10();
        long minimum = GoProJpeg.MinimumSize(camera, Photo());
        Assert.Throws<ArgumentOutOfRangeException>(() => GoProJpeg.Build(camera, Photo(minimum - 1)));
    }

    [Fact]
    public void Same_seed_same_bytes_other_seed_other_bytes_and_nothing_compresses()
    {
        var camera = CameraProfile.Hero10();
        byte[] first = GoProJpeg.Build(camera, Photo(1_000_000, seed: 7));

        Assert.Equal(first, GoProJpeg.Build(camera, Photo(1_000_000, seed: 7)));
        Assert.NotEqual(first, GoProJpeg.Build(camera, Photo(1_000_000, seed: 8)));

        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(first);
        Assert.True(compressed.Length > first.Length * 0.99, $"compressed to {compressed.Length} of {first.Length}");
    }

    [Fact]
    public void Streaming_and_building_give_the_same_bytes()
    {
        var camera = CameraProfile.Hero10();
        using var stream = new MemoryStream();
        GoProJpeg.Write(stream, camera, Photo(300_000));
        Assert.Equal(GoProJpeg.Build(camera, Photo(300_000)), stream.ToArray());
    }

    private static double Degrees(JpegInspector.TiffValue dms) => dms.Rational(0) + dms.Rational(1) / 60 + dms.Rational(2) / 3600;
}
