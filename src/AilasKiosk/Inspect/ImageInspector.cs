namespace AilasKiosk.Inspect;

/// <summary>
/// Reads what Panoramax import depends on from one JPEG: capture time, GPS position and time, projection,
/// and whether the file is whole. Reads only the header segments and the last two bytes, whatever the
/// file size, and never throws because of what the bytes contain: damage is reported in the facts.
/// </summary>
public static class ImageInspector
{
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

        var header = JpegHeader.Read(jpeg, fileSize);
        var facts = new ImageFacts { FileSize = fileSize, Integrity = header.Integrity };
        if (header.Exif is null)
            return facts with
            {
                Metadata = header.StructureBroken ? MetadataStatus.Damaged : MetadataStatus.Missing,
                Projection = ProjectionOf(header.Xmp),
            };

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
            Projection = ProjectionOf(header.Xmp),
        };
    }

    /// <summary>Inspects a file on disk (small read buffer: skipped segments must not be read anyway).</summary>
    public static ImageFacts Inspect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        return Inspect(stream, stream.Length);
    }

    // The decoders check every offset, so this net should never catch anything; it is here because an
    // oversight on some odd byte pattern must cost one image its facts, never the whole offload.
    private static ExifFields Decode(byte[] tiff)
    {
        try
        {
            return ExifFields.Decode(tiff);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or OverflowException or FormatException)
        {
            return new ExifFields(null, false, GpsState.Missing, null, null, Damaged: true);
        }
    }

    private static Projection ProjectionOf(byte[]? xmp) => xmp is null ? Projection.Flat : XmpProjection.Of(xmp);
}
