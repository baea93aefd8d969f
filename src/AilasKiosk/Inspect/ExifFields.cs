using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Directory = MetadataExtractor.Directory;

namespace AilasKiosk.Inspect;

/// <summary>
/// The EXIF fields the kiosk uses, taken from what MetadataExtractor decoded: capture time with its
/// sub-seconds, GPS position and time, camera make/model/software/serial. The library reads the tags; the
/// rules for judging them (which date wins, what a usable position is) are ours and live only here.
/// </summary>
internal sealed record ExifFields(
    DateTime? CaptureTime, bool HasSubSeconds, GpsState GpsState, GpsPosition? Gps, DateTime? GpsTimeUtc,
    string? Make, string? Model, string? Software, string? BodySerial, bool Damaged)
{
    public static readonly ExifFields Unreadable = new(null, false, GpsState.Missing, null, null, null, null, null, null, Damaged: true);

    /// <param name="directories">What <see cref="ExifReader"/> made of one Exif APP1 segment.</param>
    public static ExifFields From(IReadOnlyList<Directory> directories)
    {
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var exif = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();

        // DateTimeOriginal is when the shutter fired; IFD0 DateTime is the fallback. The library parses
        // dates leniently; EXIF's one format is kept strict so an unset clock is no date rather than a guess.
        DateTime? capture = ParseExifDate(Text(exif, ExifDirectoryBase.TagDateTimeOriginal));
        string? subSeconds = Text(exif, ExifDirectoryBase.TagSubsecondTimeOriginal);
        if (capture is null)
            (capture, subSeconds) = (ParseExifDate(Text(ifd0, ExifDirectoryBase.TagDateTime)), Text(exif, ExifDirectoryBase.TagSubsecondTime));
        long? fraction = capture is null ? null : SubSecondTicks(subSeconds);
        if (capture is { } whole && fraction is { } ticks)
            capture = whole.AddTicks(ticks);

        var (state, position) = gps is null ? (GpsState.Missing, null) : Position(gps);
        DateTime? gpsTime = gps is null ? null : GpsTime(gps);

        // The library records what it could not read (offsets outside the block, loops, bad counts) as errors.
        bool damaged = directories.Any(d => d.HasError);
        return new(capture, fraction is not null, state, position, gpsTime,
            Text(ifd0, ExifDirectoryBase.TagMake), Text(ifd0, ExifDirectoryBase.TagModel), Text(ifd0, ExifDirectoryBase.TagSoftware),
            Text(exif, ExifDirectoryBase.TagBodySerialNumber), damaged);
    }

    private static (GpsState, GpsPosition?) Position(GpsDirectory gps)
    {
        double[]? latitude = Rationals(gps, GpsDirectory.TagLatitude), longitude = Rationals(gps, GpsDirectory.TagLongitude);
        if (latitude is null || longitude is null)
            return (GpsState.Missing, null);

        // Not GpsDirectory.GetGeoLocation: it needs both refs and exactly three values, and turns n/0 into infinity.
        double lat = Degrees(latitude) * (Text(gps, GpsDirectory.TagLatitudeRef) is "S" or "s" ? -1 : 1);
        double lon = Degrees(longitude) * (Text(gps, GpsDirectory.TagLongitudeRef) is "W" or "w" ? -1 : 1);
        if (!double.IsFinite(lat) || !double.IsFinite(lon) || Math.Abs(lat) > 90 || Math.Abs(lon) > 180)
            return (GpsState.Invalid, null);

        double? altitude = Rationals(gps, GpsDirectory.TagAltitude) is [var metres, ..] && double.IsFinite(metres)
            ? metres * (gps.TryGetInt32(GpsDirectory.TagAltitudeRef, out int below) && below == 1 ? -1 : 1)
            : null;
        // GoPro writes exactly 0/0 without a fix; a millionth of a degree (~10 cm) leaves room for rounding.
        var state = Math.Abs(lat) < 1e-6 && Math.Abs(lon) < 1e-6 ? GpsState.AtZero : GpsState.Valid;
        return (state, new GpsPosition(lat, lon, altitude));
    }

    // Degrees, minutes, seconds; some writers put everything in the first value.
    private static double Degrees(double[] dms) =>
        dms[0] + (dms.Length > 1 ? dms[1] / 60 : 0) + (dms.Length > 2 ? dms[2] / 3600 : 0);

    // Not GpsDirectory.TryGetGpsDate: it accepts out-of-range and n/0 times.
    private static DateTime? GpsTime(GpsDirectory gps)
    {
        string? date = Text(gps, GpsDirectory.TagDateStamp);
        double[]? time = Rationals(gps, GpsDirectory.TagTimeStamp);
        if (date is null || time is not [var h, var m, var s, ..])
            return null;
        if (!DateTime.TryParseExact(date, "yyyy:MM:dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return null;
        if (!(h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 61))  // also false for NaN
            return null;
        double seconds = h * 3600 + m * 60 + s;
        return DateTime.SpecifyKind(day.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)), DateTimeKind.Utc);
    }

    // A single rational is stored as a scalar, several as an array; anything else is not a rational field.
    // A zero denominator gives NaN (the library's ToDouble would give 0 or infinity).
    private static double[]? Rationals(Directory directory, int tag)
    {
        Rational[]? values = directory.GetObject(tag) switch
        {
            Rational one => [one],
            Rational[] many when many.Length > 0 => many,
            _ => null,
        };
        return values?.Select(r => r.Denominator == 0 ? double.NaN : (double)r.Numerator / r.Denominator).ToArray();
    }

    private static string? Text(Directory? directory, int tag)
    {
        var text = directory?.GetObject(tag) is StringValue or string ? directory.GetString(tag)?.Trim() : null;
        return string.IsNullOrEmpty(text) ? null : text;
    }

    // "yyyy:MM:dd HH:mm:ss"; cameras with an unset clock write zeros or blanks, which give null.
    private static DateTime? ParseExifDate(string? text) =>
        DateTime.TryParseExact(text, "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;

    // SubSecTime holds the digits after the decimal point: "3220" is 0.3220 s, "45" is 0.45 s.
    private static long? SubSecondTicks(string? digits)
    {
        if (string.IsNullOrEmpty(digits) || digits.Length > 9 || !digits.All(char.IsAsciiDigit))
            return null;
        string seven = digits.Length >= 7 ? digits[..7] : digits.PadRight(7, '0');
        return long.Parse(seven, CultureInfo.InvariantCulture);
    }
}
