using System.Buffers.Binary;

namespace AilasKiosk.Inspect;

/// <summary>
/// The parts of a JPEG the inspector needs, read with bounded effort: the marker segments at the start
/// (only the APP1 payloads are read, every other segment is skipped by seeking) and the last two bytes.
/// A 15 MB photo costs a few kilobytes of reading, and hostile bytes cannot make it read more.
/// </summary>
internal sealed record JpegHeader(ImageIntegrity Integrity, byte[]? Exif, byte[]? Xmp, bool StructureBroken)
{
    // Cameras put their metadata in the first segments; GoPro's fill the rest with APP15 padding.
    // Past this window (or this many segments) we stop looking rather than walk a whole file.
    internal const long MetadataWindow = 256 * 1024;
    private const int MaxSegments = 256;
    private const int MaxFillBytes = 64;

    private static ReadOnlySpan<byte> ExifPreamble => "Exif\0\0"u8;
    private static ReadOnlySpan<byte> XmpPreamble => "http://ns.adobe.com/xap/1.0/\0"u8;

    /// <summary>
    /// Reads from <paramref name="jpeg"/>'s current position, which must be the start of the file.
    /// Never throws on content; an I/O error surfaces to the caller.
    /// </summary>
    public static JpegHeader Read(Stream jpeg, long fileSize)
    {
        if (fileSize <= 0)
            return new(ImageIntegrity.ZeroBytes, null, null, false);

        long start = jpeg.Position;
        Span<byte> two = stackalloc byte[2];
        if (fileSize < 2 || !ReadAll(jpeg, two) || two[0] != 0xFF || two[1] != 0xD8)
            return new(ImageIntegrity.NotJpeg, null, null, false);

        var (exif, xmp, broken) = WalkSegments(jpeg, start, fileSize);
        var integrity = EndsWithEoi(jpeg, start, fileSize) ? ImageIntegrity.Intact : ImageIntegrity.Truncated;
        return new(integrity, exif, xmp, broken);
    }

    // Segment by segment from just after SOI up to SOS (where image data starts), EOI, or the window.
    private static (byte[]? Exif, byte[]? Xmp, bool Broken) WalkSegments(Stream jpeg, long start, long fileSize)
    {
        byte[]? exif = null, xmp = null;
        long position = 2;
        Span<byte> header = stackalloc byte[4];
        for (int segment = 0; segment < MaxSegments && position < MetadataWindow; segment++)
        {
            if (exif is not null && xmp is not null)
                break;
            if (position + 2 > fileSize || !ReadAll(jpeg, header[..2]) || header[0] != 0xFF)
                return (exif, xmp, true);

            // Any number of 0xFF fill bytes may precede a marker code; a bounded few are tolerated.
            byte marker = header[1];
            for (int fill = 0; marker == 0xFF; fill++)
            {
                if (fill == MaxFillBytes || !ReadAll(jpeg, header[1..2]))
                    return (exif, xmp, true);
                position++;
                marker = header[1];
            }
            position += 2;

            if (marker is 0xDA or 0xD9)                       // SOS: image data follows; EOI: no image at all
                return (exif, xmp, false);
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))      // TEM, RSTn, SOI: markers without a length
                continue;
            if (marker == 0x00 || position + 2 > fileSize || !ReadAll(jpeg, header[2..4]))
                return (exif, xmp, true);

            int length = BinaryPrimitives.ReadUInt16BigEndian(header[2..4]); // counts its own two bytes
            long end = position + length;
            if (length < 2 || end > fileSize)
                return (exif, xmp, true);

            if (marker == 0xE1 && (exif is null || xmp is null))
            {
                byte[] payload = new byte[length - 2];        // at most 65,533 bytes
                if (!ReadAll(jpeg, payload))
                    return (exif, xmp, true);
                if (exif is null && payload.AsSpan().StartsWith(ExifPreamble))
                    exif = payload[ExifPreamble.Length..];
                else if (xmp is null && payload.AsSpan().StartsWith(XmpPreamble))
                    xmp = payload[XmpPreamble.Length..];
            }
            else
            {
                jpeg.Seek(start + end, SeekOrigin.Begin);
            }
            position = end;
        }
        return (exif, xmp, false);
    }

    private static bool EndsWithEoi(Stream jpeg, long start, long fileSize)
    {
        if (fileSize < 4)                                     // SOI alone, or SOI plus a stray byte
            return false;
        jpeg.Seek(start + fileSize - 2, SeekOrigin.Begin);
        Span<byte> tail = stackalloc byte[2];
        return ReadAll(jpeg, tail) && tail[0] == 0xFF && tail[1] == 0xD9;
    }

    // False when the stream ends first (the file is shorter than its structure claims).
    private static bool ReadAll(Stream stream, Span<byte> buffer) =>
        stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
}
