using AilasKiosk.CardFactory;
using AilasKiosk.Identify;
using AilasKiosk.Inspect;
using AilasKiosk.Tests.Inspect;

namespace AilasKiosk.Tests.Identify;

/// <summary>
/// Everything the offload reads from an image header (EXIF through MetadataExtractor, GPMF, integrity, all in
/// the inspector's one walk) and the camera resolved from it, on damaged and hostile images: never an exception.
/// </summary>
public class HostileImageReadersTests
{
    private static readonly Dictionary<string, string> Registry = new() { ["C3471325208909"] = "AILAS-07" };

    private static void ReadAll(byte[] jpeg)
    {
        var facts = ImageInspector.Inspect(new MemoryStream(jpeg, writable: false), jpeg.Length);
        new ImageCameraResolver(Registry).Resolve(null, facts);
    }

    [Fact]
    public void A_photo_cut_at_any_length_is_read_without_error()
    {
        var jpeg = TestImages.Photo(CameraProfile.Hero10("C3471325208909"));
        for (var length = 0; length < Math.Min(jpeg.Length, 12_000); length += 7)
            ReadAll(jpeg[..length]);
    }

    [Fact]
    public void Random_corruption_of_the_metadata_is_read_without_error()
    {
        var original = TestImages.Photo(CameraProfile.Max("C3351324612139"));
        var random = new Random(2026);
        for (var i = 0; i < 2_000; i++)
        {
            var jpeg = (byte[])original.Clone();
            for (var flips = 0; flips < 4; flips++)
                jpeg[random.Next(2, Math.Min(jpeg.Length, 8_000))] = (byte)random.Next(256);
            ReadAll(jpeg);
        }
    }

    [Fact]
    public void EXIF_pointers_outside_the_file_or_in_a_loop_are_read_without_error()
    {
        var original = TestImages.Photo(CameraProfile.Hero10("C3471325208909"));
        var exifPointer = TestImages.EntryAt(original, TestImages.Ifd0(original), 0x8769) + 8;
        var gpsPointer = TestImages.EntryAt(original, TestImages.Ifd0(original), 0x8825) + 8;
        foreach (var (at, value) in new[]
                 {
                     (exifPointer, 0xFFFF_FFF0u), (gpsPointer, 0x7FFF_FFFFu),       // far outside
                     (exifPointer, 8u), (gpsPointer, 8u),                           // back to IFD0: a loop
                     (TestImages.TiffStart + 4, (uint)original.Length * 4),         // IFD0 itself outside
                 })
        {
            var jpeg = (byte[])original.Clone();
            TestImages.Write32(jpeg, at, value);
            ReadAll(jpeg);
        }
    }

    [Fact]
    public void EXIF_reading_of_fifteen_megabytes_without_a_marker_stops_at_the_header_window()
    {
        var file = new byte[15_000_000]; // SOI, then zeros: MetadataExtractor would hunt for a marker to the end
        file[0] = 0xFF;
        file[1] = 0xD8;
        var stream = new ObservedStream(file, seekable: true);

        var facts = ImageInspector.Inspect(stream, file.Length);
        Assert.Equal((MetadataStatus.Damaged, null, null), (facts.Metadata, facts.CaptureTime, facts.BodySerial));
        Assert.True(stream.FurthestHeaderRead <= ImageInspector.MaxHeaderBytes, $"read up to byte {stream.FurthestHeaderRead}");
    }
}
