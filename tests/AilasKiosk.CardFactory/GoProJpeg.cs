using System.Buffers.Binary;
using System.Text;

namespace AilasKiosk.CardFactory;

/// <summary>
/// Builds a JPEG that looks like a GoPro photo to any metadata reader and decodes as an image:
/// <code>
/// SOI
/// APP1  Exif (IFD0, ExifIFD, GPS)           ← what MetadataExtractor reads
/// APP1  XMP GPano                           ← 360° photos only
/// APP6  "GoPro\0" + GPMF (CASN, MINF, FMWR)  ← the camera's own identity
/// APP15 × n  seeded random bytes             ← makes the file exactly photo.SizeBytes, incompressible
/// DQT SOF0 DHT SOS … EOI                     ← the real 8×8 picture of GoPro.jpg
/// </code>
/// The padding sits after the metadata, so like a real photo the metadata is in the first kilobytes.
/// </summary>
public static class GoProJpeg
{
    private const byte App1 = 0xE1, App6 = 0xE6, App15 = 0xEF;
    private const int SegmentOverhead = 4;           // marker (2) + length (2)
    private const int MaxSegmentPayload = 65533;     // the length field counts itself: 65535 - 2

    public static byte[] Build(CameraProfile camera, PhotoSpec photo)
    {
        byte[] bytes = new byte[checked((int)photo.SizeBytes)];
        using var stream = new MemoryStream(bytes);
        Write(stream, camera, photo);
        return bytes;
    }

    /// <summary>Streams the photo: only one 64 KiB buffer is held, whatever the size.</summary>
    public static void Write(Stream output, CameraProfile camera, PhotoSpec photo)
    {
        byte[] head = Metadata(camera, photo, exifSlack: 0);
        long padding = photo.SizeBytes - head.Length - SampleImage.Tail.Length;
        if (padding < 0)
            throw new ArgumentOutOfRangeException(nameof(photo),
                $"{photo.FileName}: {photo.SizeBytes} bytes is less than the {MinimumSize(camera, photo)} its metadata and picture need");
        if (padding is > 0 and < SegmentOverhead)
        {
            // Too few bytes for even an empty segment: widen the Exif block instead (TIFF readers follow offsets).
            head = Metadata(camera, photo, exifSlack: (int)padding);
            padding = 0;
        }

        output.Write(head);
        WritePadding(output, padding, new Xoshiro256(photo.Seed));
        output.Write(SampleImage.Tail);
    }

    /// <summary>The smallest SizeBytes this photo can have.</summary>
    public static long MinimumSize(CameraProfile camera, PhotoSpec photo) =>
        Metadata(camera, photo, exifSlack: 0).Length + SampleImage.Tail.Length;

    private static byte[] Metadata(CameraProfile camera, PhotoSpec photo, int exifSlack)
    {
        var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]); // SOI
        WriteSegment(jpeg, App1, [.. "Exif\0\0"u8, .. ExifBlock.Build(camera, photo), .. new byte[exifSlack]]);
        if (photo.IsSphericalOn(camera))
            WriteSegment(jpeg, App1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes(GPanoXmp.Build(camera, photo))]);
        WriteSegment(jpeg, App6, [.. "GoPro\0"u8, .. GoProGpmf.Build(camera, photo)]);
        return jpeg.ToArray();
    }

    private static void WriteSegment(Stream output, byte marker, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxSegmentPayload)
            throw new ArgumentException($"JPEG segment payload of {payload.Length} bytes exceeds {MaxSegmentPayload}");
        Span<byte> header = [0xFF, marker, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(payload.Length + 2));
        output.Write(header);
        output.Write(payload);
    }

    // Spreads `total` bytes (segment headers included) evenly over as few APP15 segments as
    // possible; with total ≥ 4 every segment gets between 4 and 65,537 bytes.
    private static void WritePadding(Stream output, long total, Xoshiro256 random)
    {
        if (total == 0)
            return;
        long segments = (total + MaxSegmentPayload + SegmentOverhead - 1) / (MaxSegmentPayload + SegmentOverhead);
        byte[] buffer = new byte[MaxSegmentPayload];
        for (long i = 0; i < segments; i++)
        {
            int size = (int)(total / segments + (i < total % segments ? 1 : 0));
            Span<byte> payload = buffer.AsSpan(0, size - SegmentOverhead);
            random.Fill(payload);
            WriteSegment(output, App15, payload);
        }
    }
}
