using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.IO;

namespace AilasKiosk.Identify.Gpmf;

/// <summary>
/// Reads the camera's identity from a GoPro JPEG: the APP6 segment whose payload starts with "GoPro\0" holds
/// GPMF with CASN (serial), MINF (model) and FMWR (firmware). MetadataExtractor finds the segment but does not
/// decode GPMF. Photos come from untrusted cards, so nothing here throws on bad data.
/// </summary>
public static class GoProApp6
{
    /// <summary>What GoPro puts before the GPMF in its APP6 payload.</summary>
    public static ReadOnlySpan<byte> Signature => "GoPro\0"u8;

    /// <summary>
    /// How far into a file segments are looked for. Cameras write APP6 within the first 64 KB (after Exif and
    /// its thumbnail); past this, a file is garbage or hostile and not worth reading further.
    /// </summary>
    public const int MaxHeaderBytes = 1024 * 1024;

    private static readonly JpegSegmentType[] App6Only = [JpegSegmentType.App6];

    /// <summary>
    /// The identity in the first GoPro APP6 segment that has a plausible serial, reading from the stream's
    /// position, at most <see cref="MaxHeaderBytes"/> into it, and stopping at that segment. Null when there
    /// is none or the data is broken (not a JPEG, truncated, garbage GPMF) or unreadable (I/O error).
    /// </summary>
    /// <exception cref="ArgumentException">The stream cannot be read (a caller's mistake, not the card's).</exception>
    public static GoProCameraInfo? Read(Stream jpeg)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        if (!jpeg.CanRead)
            throw new ArgumentException("stream is not readable", nameof(jpeg));
        try
        {
            using var window = new HeaderWindowStream(jpeg, MaxHeaderBytes); // leaves jpeg open
            foreach (var segment in JpegSegmentReader.ReadSegments(new SequentialStreamReader(window), App6Only))
            {
                if (!segment.Bytes.AsSpan().StartsWith(Signature))
                    continue; // another vendor's APP6
                var gpmf = GpmfReader.ParseLenient(segment.Bytes.AsMemory(Signature.Length));
                // Entries read before an error are whole and in bounds: a CASN among them is as good as any.
                if (GoProCameraInfo.FromGpmf(gpmf.Entries) is { } info)
                    return info;
            }
            return null;
        }
        catch (Exception e) when (e is ImageProcessingException or IOException)
        {
            return null; // not a JPEG, truncated, or the card failed to read: no identity either way
        }
    }

    /// <summary><see cref="Read(Stream)"/> on a file; null when the file cannot be opened.</summary>
    public static GoProCameraInfo? ReadFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
            return Read(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
