using System.Globalization;

namespace AilasKiosk.Inspect;

/// <summary>
/// The EXIF fields Panoramax needs, decoded from a TIFF block: capture time with its sub-seconds
/// (MetadataExtractor drops SubSecTimeOriginal, so this reads the tags itself), GPS position and GPS time.
/// </summary>
internal sealed record ExifFields(
    DateTime? CaptureTime, bool HasSubSeconds, GpsState GpsState, GpsPosition? Gps, DateTime? GpsTimeUtc, bool Damaged)
{
    private const ushort DateTime0 = 0x0132, ExifPointer = 0x8769, GpsPointer = 0x8825;
    private const ushort DateTimeOriginal = 0x9003, SubSecTime = 0x9290, SubSecTimeOriginal = 0x9291;
    private const ushort LatitudeRef = 0x0001, Latitude = 0x0002, LongitudeRef = 0x0003, Longitude = 0x0004;
    private const ushort AltitudeRef = 0x0005, Altitude = 0x0006, TimeStamp = 0x0007, DateStamp = 0x001D;

    public static ExifFields Decode(byte[] tiff)
    {
        var ifd0 = TiffDirectory.Root(tiff, out bool damaged);
        if (ifd0 is null)
            return new(null, false, GpsState.Missing, null, null, damaged);
        var exif = ifd0.Child(ExifPointer);
        var gps = ifd0.Child(GpsPointer);

        // DateTimeOriginal is when the shutter fired; IFD0 DateTime is the fallback the kiosk's keys use too.
        DateTime? capture = ParseExifDate(exif?.Text(DateTimeOriginal));
        string? subSeconds = exif?.Text(SubSecTimeOriginal);
        if (capture is null)
            (capture, subSeconds) = (ParseExifDate(ifd0.Text(DateTime0)), exif?.Text(SubSecTime));
        long? fraction = capture is null ? null : SubSecondTicks(subSeconds);
        if (capture is { } whole && fraction is { } ticks)
            capture = whole.AddTicks(ticks);

        var (state, position) = gps is null ? (GpsState.Missing, null) : Position(gps);
        DateTime? gpsTime = gps is null ? null : GpsTime(gps);

        damaged |= ifd0.Damaged || exif?.Damaged == true || gps?.Damaged == true;
        return new(capture, fraction is not null, state, position, gpsTime, damaged);
    }

    private static (GpsState, GpsPosition?) Position(TiffDirectory gps)
    {
        double[]? latitude = gps.Rationals(Latitude), longitude = gps.Rationals(Longitude);
        if (latitude is null || longitude is null)
            return (GpsState.Missing, null);

        double lat = Degrees(latitude) * (gps.Text(LatitudeRef) is "S" or "s" ? -1 : 1);
        double lon = Degrees(longitude) * (gps.Text(LongitudeRef) is "W" or "w" ? -1 : 1);
        if (!double.IsFinite(lat) || !double.IsFinite(lon) || Math.Abs(lat) > 90 || Math.Abs(lon) > 180)
            return (GpsState.Invalid, null);

        double? altitude = gps.Rationals(Altitude) is [var metres, ..] && double.IsFinite(metres)
            ? metres * (gps.Integer(AltitudeRef) == 1 ? -1 : 1)
            : null;
        // GoPro writes exactly 0/0 without a fix; a millionth of a degree (~10 cm) leaves room for rounding.
        var state = Math.Abs(lat) < 1e-6 && Math.Abs(lon) < 1e-6 ? GpsState.AtZero : GpsState.Valid;
        return (state, new GpsPosition(lat, lon, altitude));
    }

    // Degrees, minutes, seconds; some writers put everything in the first value.
    private static double Degrees(double[] dms) =>
        dms[0] + (dms.Length > 1 ? dms[1] / 60 : 0) + (dms.Length > 2 ? dms[2] / 3600 : 0);

    private static DateTime? GpsTime(TiffDirectory gps)
    {
        string? date = gps.Text(DateStamp);
        double[]? time = gps.Rationals(TimeStamp);
        if (date is null || time is not [var h, var m, var s, ..])
            return null;
        if (!DateTime.TryParseExact(date, "yyyy:MM:dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return null;
        if (!(h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 61))  // also false for NaN
            return null;
        double seconds = h * 3600 + m * 60 + s;
        return DateTime.SpecifyKind(day.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)), DateTimeKind.Utc);
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
