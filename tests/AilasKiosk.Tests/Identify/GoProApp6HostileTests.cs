using AilasKiosk.Card;
using AilasKiosk.Identify;
using AilasKiosk.Inspect;
using static AilasKiosk.Tests.Identify.GpmfSamples;

namespace AilasKiosk.Tests.Identify;

/// <summary>JPEGs from an untrusted card: GoProApp6 returns null on anything broken, never throws, reads little.</summary>
public class GoProApp6HostileTests
{
    private const int FifteenMegabytes = 15 * 1024 * 1024;

    [Fact]
    public void The_real_photo_cut_at_every_length_gives_no_identity_until_its_GoPro_segment_is_whole()
    {
        byte[] jpeg = RealJpeg();
        var app6 = Segments(jpeg).Single(s => s.Marker == 0xE6);
        int app6End = app6.Offset + 4 + app6.Payload.Length;

        for (int length = 0; length <= jpeg.Length; length++)
        {
            var info = GoProOf(new MemoryStream(jpeg, 0, length));
            if (length < app6End)
                Assert.Null(info);
            else
                Assert.Equal("C3221324657219", info?.Serial);
        }
    }

    [Fact]
    public void Every_single_byte_corruption_of_the_real_photo_reads_or_gives_no_identity()
    {
        byte[] jpeg = RealJpeg();
        byte[] values = [0x00, 0x7F, 0xD9, 0xDA, 0xFF];
        for (int position = 0; position < jpeg.Length; position++)
            foreach (byte value in values)
            {
                byte[] mutated = (byte[])jpeg.Clone();
                mutated[position] = value;

                var info = GoProOf(new MemoryStream(mutated)); // must not throw
                Assert.True(info is null || CameraSerial.IsPlausible(info.Serial));
            }
    }

    [Fact]
    public void GoPro_segments_of_random_bytes_give_no_identity()
    {
        for (int seed = 0; seed < 3000; seed++)
        {
            var random = new Random(seed);
            byte[] payload = new byte[random.Next(0, 3000)];
            random.NextBytes(payload);
            if (seed % 2 == 0 && payload.Length >= 8)
                "DEVC"u8.CopyTo(payload);

            Assert.Null(GoProOf(new MemoryStream(Jpeg(GoProSegment(payload)))));
        }
    }

    [Fact]
    public void Random_bytes_after_SOI_give_no_identity()
    {
        for (int seed = 0; seed < 1000; seed++)
        {
            var random = new Random(seed);
            byte[] jpeg = new byte[random.Next(2, 2000)];
            random.NextBytes(jpeg);
            jpeg[0] = 0xFF;
            jpeg[1] = 0xD8;

            Assert.Null(GoProOf(new MemoryStream(jpeg)));
        }
    }

    [Fact]
    public void A_64KB_GoPro_segment_of_zeros_gives_no_identity()
    {
        Assert.Null(GoProOf(new MemoryStream(Jpeg(GoProSegment(new byte[65533 - 6])))));
        Assert.Null(GoProOf(new MemoryStream(Jpeg((0xE6, new byte[65533])))));
    }

    [Fact]
    public void A_GoPro_segment_with_no_GPMF_gives_no_identity()
    {
        Assert.Null(GoProOf(new MemoryStream(Jpeg(GoProSegment([])))));
        Assert.Null(GoProOf(new MemoryStream(Jpeg((0xE6, "GoPro"u8.ToArray()))))); // signature cut short
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })]  // a PNG
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE6, 0x00, 0x00 })]              // segment length 0 (< 2)
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE6, 0x00, 0x01 })]              // segment length 1
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE6, 0xFF, 0xFF, 0x47 })]        // claims 64 KB, holds 1 byte
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x47 })]        // a skipped segment past the end
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 })]                          // EOI at once
    public void Broken_files_give_no_identity(byte[] file)
    {
        Assert.Null(GoProOf(new MemoryStream(file)));
    }

    // The reader needs a seekable stream (it seeks to the end marker); card files and upload buffers are.
    [Fact]
    public void Fifteen_megabytes_with_no_marker_are_read_only_up_to_the_header_limit()
    {
        byte[] file = new byte[FifteenMegabytes]; // SOI, then zeros: the segment reader hunts for a marker
        file[0] = 0xFF;
        file[1] = 0xD8;
        var stream = new ObservedStream(file);

        Assert.Null(GoProOf(stream));
        Assert.True(stream.BytesRead <= ImageInspector.MaxHeaderBytes + 4, $"read {stream.BytesRead} bytes"); // + SOI sniff and end marker
        Assert.True(stream.FurthestHeaderRead <= ImageInspector.MaxHeaderBytes, $"read up to byte {stream.FurthestHeaderRead}");
    }

    [Fact]
    public void Fifteen_megabytes_of_other_segments_are_walked_only_up_to_the_header_limit()
    {
        var segment = (Marker: (byte)0xEF, Payload: new byte[65533]);
        byte[] file = Jpeg(Enumerable.Repeat(segment, FifteenMegabytes / 65537).ToArray());
        var stream = new ObservedStream(file);

        Assert.Null(GoProOf(stream));
        Assert.True(stream.FurthestHeaderRead <= ImageInspector.MaxHeaderBytes, $"read up to byte {stream.FurthestHeaderRead}");
        Assert.True(stream.BytesRead < 4096, $"read {stream.BytesRead} bytes: skipped segments should be seeked over");
    }

    [Fact]
    public void A_GoPro_segment_past_the_header_limit_is_not_looked_for()
    {
        var padding = (Marker: (byte)0xEF, Payload: new byte[65533]);
        var segments = Enumerable.Repeat(padding, ImageInspector.MaxHeaderBytes / 65537 + 1).Append(GoProSegment(RealGpmf()));

        Assert.Null(GoProOf(new MemoryStream(Jpeg(segments.ToArray()))));
    }

    [Fact]
    public void A_missing_file_gives_no_identity()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "G0030095.JPG");
        var missing = new CardFile(Path.GetDirectoryName(path)!, "DCIM/100GOPRO/G0030095.JPG", 1000, DateTime.UtcNow);

        Assert.Null(new CameraIdentifier(new Dictionary<string, string>()).Identify(Path.GetTempPath(), [missing]));
    }
}
