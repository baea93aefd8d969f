using AilasKiosk.CardFactory;
using AilasKiosk.Inspect;
using AilasKiosk.Tests.Identify;
using static AilasKiosk.Tests.Inspect.TestImages;

namespace AilasKiosk.Tests.Inspect;

/// <summary>Bytes no camera should write but cards do hold: the inspector must report, never throw.</summary>
public class HostileImageTests
{
    private const ushort ExifPointer = 0x8769, GpsPointer = 0x8825, DateTimeOriginal = 0x9003, GpsLatitude = 0x0002;

    [Fact]
    public void Zero_byte_file()
    {
        var facts = FactsOf([]);

        Assert.Equal(ImageIntegrity.ZeroBytes, facts.Integrity);
        Assert.Equal(MetadataStatus.Missing, facts.Metadata);
        Assert.Null(facts.CaptureTime);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })]   // a PNG
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 })]                // never-written clusters
    public void Not_a_JPEG(byte[] bytes)
    {
        var facts = FactsOf(bytes);

        Assert.Equal(ImageIntegrity.NotJpeg, facts.Integrity);
        Assert.Equal(MetadataStatus.Missing, facts.Metadata);
    }

    [Fact]
    public void Cut_at_every_length_it_is_truncated_and_keeps_what_it_had_read()
    {
        byte[] whole = Photo(CameraProfile.Max());
        var complete = FactsOf(whole);
        int exifEnd = 4 + (whole[4] << 8 | whole[5]);                 // SOI + APP1 marker + its length

        for (int length = 0; length < whole.Length; length++)
        {
            var facts = FactsOf(whole[..length]);

            var expected = length switch
            {
                0 => ImageIntegrity.ZeroBytes,
                1 => ImageIntegrity.NotJpeg,
                _ => ImageIntegrity.Truncated,
            };
            Assert.True(expected == facts.Integrity, $"cut at {length}: {facts.Integrity}");
            if (length >= exifEnd)
                Assert.Equal((complete.CaptureTime, complete.Gps, MetadataStatus.Read), (facts.CaptureTime, facts.Gps, facts.Metadata));
        }
    }

    [Fact]
    public void File_shorter_than_its_stated_size()
    {
        byte[] jpeg = Photo(CameraProfile.Hero10());

        var facts = ImageInspector.Inspect(new MemoryStream(jpeg), jpeg.Length + 1000);

        Assert.Equal(ImageIntegrity.Truncated, facts.Integrity);
        Assert.Equal(MetadataStatus.Read, facts.Metadata);
    }

    [Fact]
    public void Random_bytes_and_random_bytes_after_SOI()
    {
        var random = new Random(1234);
        for (int i = 0; i < 500; i++)
        {
            byte[] bytes = new byte[random.Next(0, 4000)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= 2)
                (bytes[0], bytes[1]) = (0xFF, 0xD8);

            var facts = FactsOf(bytes);

            Assert.NotEqual(MetadataStatus.Read, facts.Metadata);
        }
    }

    [Fact]
    public void Random_damage_in_the_metadata_never_throws()
    {
        byte[] original = Photo(CameraProfile.Max());
        int metadataEnd = Math.Min(original.Length, 3000);
        var random = new Random(99);
        for (int i = 0; i < 3000; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            for (int flips = random.Next(1, 8); flips > 0; flips--)
                bytes[random.Next(2, metadataEnd)] = (byte)random.Next(256);

            var facts = FactsOf(bytes);                                // the assertion is that this returns

            Assert.Equal(bytes.Length, facts.FileSize);
        }
    }

    [Fact]
    public void IFD0_offset_outside_the_segment()
    {
        byte[] jpeg = Photo(CameraProfile.Hero10());
        Write32(jpeg, TiffStart + 4, 0xFFFF_FFF0);

        var facts = FactsOf(jpeg);

        Assert.Equal(MetadataStatus.Damaged, facts.Metadata);
        Assert.Equal(ImageIntegrity.Intact, facts.Integrity);
        Assert.Null(facts.CaptureTime);
        Assert.Equal(GpsState.Missing, facts.GpsState);
    }

    [Fact]
    public void ExifIFD_pointer_outside_the_segment_falls_back_to_IFD0_time()
    {
        byte[] jpeg = Photo(CameraProfile.Hero10());
        Write32(jpeg, EntryAt(jpeg, Ifd0(jpeg), ExifPointer) + 8, 0x7FFF_FFFF);

        var facts = FactsOf(jpeg);

        Assert.Equal(MetadataStatus.Damaged, facts.Metadata);
        Assert.Equal(new DateTime(2024, 6, 12, 10, 15, 2), facts.CaptureTime);   // IFD0 DateTime, no sub-seconds
        Assert.Equal(GpsState.Valid, facts.GpsState);
    }

    [Fact]
    public void Pointers_that_loop_back_are_not_followed_round()
    {
        byte[] jpeg = Photo(CameraProfile.Hero10());
        int ifd0 = Ifd0(jpeg), exif = ExifIfd(jpeg), gps = GpsIfd(jpeg);
        Write32(jpeg, EntryAt(jpeg, ifd0, ExifPointer) + 8, (uint)ifd0);   // IFD0 → itself
        Write32(jpeg, EntryAt(jpeg, ifd0, GpsPointer) + 8, (uint)exif);    // GPS → ExifIFD
        Write32(jpeg, TiffStart + gps + 2 + 12 * CountAt(jpeg, gps), (uint)ifd0); // next-IFD link → IFD0

        var facts = FactsOf(jpeg);

        Assert.Equal(new DateTime(2024, 6, 12, 10, 15, 2), facts.CaptureTime);   // no DateTimeOriginal in IFD0
        Assert.Equal(GpsState.Missing, facts.GpsState);                          // ExifIFD has no latitude
    }

    [Fact]
    public void Entry_count_larger_than_the_segment()
    {
        byte[] jpeg = Photo(CameraProfile.Hero10());
        Write16(jpeg, TiffStart + ExifIfd(jpeg), 0xFFFF);

        var facts = FactsOf(jpeg);

        Assert.Equal(MetadataStatus.Damaged, facts.Metadata);
        Assert.False(facts.HasSubSeconds);
    }

    [Fact]
    public void Value_offset_outside_the_segment()
    {
        byte[] jpeg = Photo(CameraProfile.Hero10());
        Write32(jpeg, EntryAt(jpeg, ExifIfd(jpeg), DateTimeOriginal) + 8, 0xFFFF_FFFF);

        var facts = FactsOf(jpeg);

        Assert.Equal(MetadataStatus.Damaged, facts.Metadata);
        Assert.Equal(Taken, facts.CaptureTime);                        // IFD0 DateTime with its SubSecTime
    }

    [Fact]
    public void Value_count_so_large_its_size_overflows_32_bits()
    {
        byte[] jpeg = Photo(CameraProfile.Hero10());
        Write32(jpeg, EntryAt(jpeg, GpsIfd(jpeg), GpsLatitude) + 4, 0x2000_0001);   // × 8 bytes wraps to 8 in uint

        var facts = FactsOf(jpeg);

        Assert.Equal(MetadataStatus.Damaged, facts.Metadata);
        Assert.Equal(GpsState.Missing, facts.GpsState);
        Assert.Null(facts.Clock);
    }

    [Fact]
    public void Zero_denominators_make_an_invalid_position_not_a_crash()
    {
        byte[] jpeg = Photo(CameraProfile.Hero10());
        int latitude = TiffStart + (int)Read32(jpeg, EntryAt(jpeg, GpsIfd(jpeg), GpsLatitude) + 8);
        Write32(jpeg, latitude + 4, 0);                                        // degrees: n/0

        var facts = FactsOf(jpeg);

        Assert.Equal(GpsState.Invalid, facts.GpsState);
        Assert.Null(facts.Gps);
        Assert.Null(facts.Clock);
    }

    [Fact]
    public void Segment_length_running_past_the_end_of_the_file()
    {
        byte[] jpeg = Photo(CameraProfile.Hero10());
        Write16(jpeg, 4, 0xFFFF);                                              // the Exif APP1 claims 64 KB
        jpeg = jpeg[..Math.Min(jpeg.Length, 3000)].Concat(new byte[] { 0xFF, 0xD9 }).ToArray();

        var facts = FactsOf(jpeg);

        Assert.Equal(MetadataStatus.Damaged, facts.Metadata);
        Assert.Equal(ImageIntegrity.Intact, facts.Integrity);                  // it does end with EOI
        Assert.Null(facts.CaptureTime);
    }

    [Fact]
    public void Endless_fill_bytes_and_garbage_markers_stop_the_walk()
    {
        byte[] endless = [0xFF, 0xD8, .. Enumerable.Repeat((byte)0xFF, 2 * ImageInspector.MaxHeaderBytes), 0xFF, 0xD9];
        byte[] fills = [0xFF, 0xD8, .. Enumerable.Repeat((byte)0xFF, 5000), 0xFF, 0xD9];
        byte[] badMarker = [0xFF, 0xD8, 0xFF, 0x00, 0x00, 0x10, 0xFF, 0xD9];
        byte[] standalone = [0xFF, 0xD8, .. Enumerable.Range(0, 2000).SelectMany(_ => new byte[] { 0xFF, 0xD0 }), 0xFF, 0xD9];
        var observed = new ObservedStream(endless);

        // No marker within the header window: the walk gives up there, and that is damage.
        Assert.Equal(MetadataStatus.Damaged, ImageInspector.Inspect(observed, endless.Length).Metadata);
        Assert.True(observed.FurthestHeaderRead <= ImageInspector.MaxHeaderBytes, $"read up to byte {observed.FurthestHeaderRead}");
        // Fill bytes (legal before any marker) and stray bytes are skipped to the next marker, here EOI: no metadata.
        Assert.Equal(MetadataStatus.Missing, FactsOf(fills).Metadata);
        Assert.Equal(MetadataStatus.Missing, FactsOf(badMarker).Metadata);
        Assert.Equal(MetadataStatus.Missing, FactsOf(standalone).Metadata);
    }

    [Fact]
    public void A_bare_JPEG_without_EXIF_is_whole_but_has_no_metadata()
    {
        byte[] jpeg = Photo(CameraProfile.Hero6());
        int dqt = jpeg.AsSpan().IndexOf(new byte[] { 0xFF, 0xDB, 0x00, 0x84 });
        byte[] bare = [0xFF, 0xD8, .. jpeg.AsSpan(dqt)];                      // SOI + the picture: DQT … EOI

        var facts = FactsOf(bare);

        Assert.Equal(ImageIntegrity.Intact, facts.Integrity);
        Assert.Equal(MetadataStatus.Missing, facts.Metadata);
    }

    private static int CountAt(byte[] jpeg, int ifdOffset) => jpeg[TiffStart + ifdOffset] << 8 | jpeg[TiffStart + ifdOffset + 1];
}
