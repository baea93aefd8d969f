using AilasKiosk.Identify.Gpmf;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;

namespace AilasKiosk.Plan;

/// <summary>What the offload needs from an image's EXIF: capture time (for keys and the manifest), GPS presence, camera.</summary>
public sealed record ImageMetadata(DateTime? CaptureLocal, bool HasGps, double? Latitude, double? Longitude, string? Make, string? Model, string? Software, string? BodySerial)
{
    public static readonly ImageMetadata None = new(null, false, null, null, null, null, null, null);

    public static ImageMetadata ReadFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            return Read(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None;
        }
    }

    /// <summary>Reads JPEG metadata segments only (up to the image data); a broken file gives <see cref="None"/>, never an exception.</summary>
    public static ImageMetadata Read(Stream jpeg)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            // MetadataExtractor scans for markers without a bound: show it only the header window.
            using var window = new HeaderWindowStream(jpeg, GoProApp6.MaxHeaderBytes);
            directories = JpegMetadataReader.ReadMetadata(window, [new ExifReader()]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The card is untrusted and the parser is not ours: any failure on its bytes means "no metadata".
            return None;
        }

        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();

        DateTime? capture = null;
        if (sub is not null && sub.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var original))
            capture = original;
        else if (ifd0 is not null && ifd0.TryGetDateTime(ExifDirectoryBase.TagDateTime, out var modified))
            capture = modified;

        GeoLocation? location = null;
        try { location = gps?.GetGeoLocation(); } catch (Exception e) when (e is MetadataException or FormatException) { }
        var hasGps = location is { } l && !l.IsZero && double.IsFinite(l.Latitude) && double.IsFinite(l.Longitude);

        return new ImageMetadata(
            capture,
            hasGps,
            location?.Latitude,
            location?.Longitude,
            ifd0?.GetString(ExifDirectoryBase.TagMake)?.Trim(),
            ifd0?.GetString(ExifDirectoryBase.TagModel)?.Trim(),
            ifd0?.GetString(ExifDirectoryBase.TagSoftware)?.Trim(),
            sub?.GetString(ExifDirectoryBase.TagBodySerialNumber)?.Trim());
    }
}
