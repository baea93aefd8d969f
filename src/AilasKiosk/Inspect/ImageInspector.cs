using AilasKiosk.Inspect.Gpmf;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.IO;

namespace AilasKiosk.Inspect;

/// <summary>
/// The one reader of image metadata: one walk of a JPEG's header segments (MetadataExtractor, inside a
/// bounded window) gives the EXIF, the XMP projection and GoPro's GPMF identity; a seek to the end checks
/// EOI. Whatever the file size, it reads the header and the last two bytes, and it never throws because of
/// what the bytes contain: damage is reported in the facts.
/// </summary>
internal static class ImageInspector
{
    /// <summary>
    /// How far into a file segments are looked for. Cameras write their metadata within the first 64 KB and fill
    /// the rest with APP15 padding; past this, a file is garbage or hostile and not worth reading further.
    /// </summary>
    public const int MaxHeaderBytes = 1024 * 1024;

    private static readonly JpegSegmentType[] Wanted = [JpegSegmentType.App1, JpegSegmentType.App6];
    private static ReadOnlySpan<byte> XmpPreamble => "http://ns.adobe.com/xap/1.0/\0"u8;

    /// <summary>Inspects a JPEG whose first byte is at the stream's current position.</summary>
    /// <param name="jpeg">Readable and seekable (the end is checked by seeking, not by reading the file).</param>
    /// <param name="fileSize">The file's size; the EOI check looks at the two bytes before it.</param>
    /// <exception cref="ArgumentException">The stream cannot read or seek (a caller's mistake, not bad content).</exception>
    /// <exception cref="IOException">The medium failed; that is the device's problem, not the picture's.</exception>
    public static ImageFacts Inspect(Stream jpeg, long fileSize)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        if (!jpeg.CanRead || !jpeg.CanSeek)
            throw new ArgumentException("the image stream must be readable and seekable", nameof(jpeg));

        if (fileSize <= 0)
            return new ImageFacts { FileSize = fileSize, Integrity = ImageIntegrity.ZeroBytes };
        long start = jpeg.Position;
        Span<byte> two = stackalloc byte[2];
        if (fileSize < 2 || !ReadAll(jpeg, two) || two[0] != 0xFF || two[1] != 0xD8)
            return new ImageFacts { FileSize = fileSize, Integrity = ImageIntegrity.NotJpeg };
        jpeg.Position = start;

        var header = WalkSegments(jpeg, fileSize);
        var facts = new ImageFacts
        {
            FileSize = fileSize,
            Integrity = EndsWithEoi(jpeg, start, fileSize) ? ImageIntegrity.Intact : ImageIntegrity.Truncated,
            Projection = header.Xmp is null ? Projection.Flat : XmpProjection.Of(header.Xmp),
            GoPro = header.GoPro,
        };
        if (header.Exif is null)
            return facts with { Metadata = header.Broken ? MetadataStatus.Damaged : MetadataStatus.Missing };

        var exif = Decode(header.Exif);
        ClockOffset? clock = exif is { CaptureTime: { } camera, GpsTimeUtc: { } gps, GpsState: GpsState.Valid }
            ? ClockOffset.Between(camera, gps)   // without a fix the receiver's clock is not GPS time
            : null;
        return facts with
        {
            Metadata = exif.Damaged ? MetadataStatus.Damaged : MetadataStatus.Read,
            CaptureTime = exif.CaptureTime,
            HasSubSeconds = exif.HasSubSeconds,
            GpsState = exif.GpsState,
            Gps = exif.Gps,
            GpsTimeUtc = exif.GpsTimeUtc,
            Clock = clock,
            Make = exif.Make,
            Model = exif.Model,
            Software = exif.Software,
            BodySerial = exif.BodySerial,
        };
    }

    /// <summary>Inspects a file on disk (small read buffer: skipped segments must not be read anyway).</summary>
    public static ImageFacts Inspect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        return Inspect(stream, stream.Length);
    }

    private sealed record Header(JpegSegment? Exif, byte[]? Xmp, GoProCameraInfo? GoPro, bool Broken);

    // One pass from SOI towards SOS, stopping early once all three are found. MetadataExtractor hunts for markers
    // without a bound, so it sees only the header window; skipped segments are seeked over, not read.
    private static Header WalkSegments(Stream jpeg, long fileSize)
    {
        JpegSegment? exif = null;
        byte[]? xmp = null;
        GoProCameraInfo? goPro = null;
        using var window = new HeaderWindowStream(jpeg, Math.Min(fileSize, MaxHeaderBytes));
        try
        {
            foreach (var segment in JpegSegmentReader.ReadSegments(new SequentialStreamReader(window), Wanted))
            {
                var bytes = segment.Bytes.AsSpan();
                if (segment.Type == JpegSegmentType.App1)
                {
                    if (exif is null && ExifReader.StartsWithJpegExifPreamble(segment.Bytes))
                        exif = segment;
                    else if (xmp is null && bytes.StartsWith(XmpPreamble))
                        xmp = bytes[XmpPreamble.Length..].ToArray();
                }
                else
                {
                    goPro ??= GoProApp6.FromSegment(segment.Bytes);
                }
                if (exif is not null && xmp is not null && goPro is not null)
                    break;
            }
            return new Header(exif, xmp, goPro, Broken: false);
        }
        catch (ImageProcessingException)
        {
            return new Header(exif, xmp, goPro, Broken: true);   // e.g. a segment length below 2
        }
        catch (IOException) when (window.Position >= window.Length)
        {
            // The library reports the end of the window (or of a file shorter than its structure) as an
            // IOException; any other IOException is the medium failing and is the caller's to see.
            return new Header(exif, xmp, goPro, Broken: true);
        }
    }

    // The library checks every offset, so this net should never catch anything; it is here because an oversight
    // on some odd byte pattern in a parser that is not ours must cost one image its facts, never the offload.
    // The segment is in memory: no exception here can be the medium's.
    private static ExifFields Decode(JpegSegment exif)
    {
        try
        {
            return ExifFields.From(new ExifReader().ReadJpegSegments([exif]));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ExifFields.Unreadable;
        }
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
