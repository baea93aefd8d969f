using System.Globalization;

namespace AilasKiosk.CardFactory;

/// <summary>
/// The EXIF that GoPro cameras write, as a big-endian TIFF block. Field choice, fixed-width
/// NUL padding and rational encodings copy GoPro.jpg and the HERO10/MAX exiftool dumps.
/// Like the real files, the GPS IFD has no GPSVersionID, and there is no IFD1 thumbnail.
/// </summary>
internal static class ExifBlock
{
    public static byte[] Build(CameraProfile camera, PhotoSpec photo)
    {
        string taken = ExifDate(photo.CaptureTime);
        PixelSize size = photo.IsSphericalOn(camera) ? camera.SphericalSize!.Value : camera.PhotoSize;

        var exif = new Ifd()
            .Rationals(0x829A, (1, 240))                            // ExposureTime
            .Rationals(0x829D, ((uint)Math.Round(camera.FNumber * 10), 10)) // FNumber
            .Shorts(0x8822, 2)                                      // ExposureProgram: Program AE
            .Shorts(0x8827, 100)                                    // ISO
            .UndefinedBytes(0x9000, "0221"u8.ToArray())             // ExifVersion
            .AsciiText(0x9003, taken)                               // DateTimeOriginal
            .AsciiText(0x9004, taken)                               // DateTimeDigitized (CreateDate)
            .UndefinedBytes(0x9101, 1, 2, 3, 0)                     // ComponentsConfiguration: Y Cb Cr -
            .Shorts(0x9207, 1)                                      // MeteringMode: Average
            .Shorts(0x9209, 32)                                     // Flash: no flash function
            .Rationals(0x920A, (3, 1))                              // FocalLength 3 mm
            .UndefinedBytes(0xA000, 8, 9, 10, 11)                   // FlashpixVersion: GoPro really writes these bytes
            .Shorts(0xA001, 0)                                      // ColorSpace
            .Longs(0xA002, (uint)size.Width)                        // ExifImageWidth
            .Longs(0xA003, (uint)size.Height)                       // ExifImageHeight
            .Shorts(0xA403, 0)                                      // WhiteBalance: auto
            .Shorts(0xA405, 15)                                     // FocalLengthIn35mmFormat
            .Shorts(0xA406, 1)                                      // SceneCaptureType: landscape
            .AsciiText(0xA431, camera.Serial, fixedLength: 30);     // BodySerialNumber

        if (camera.WritesSubSeconds)
        {
            string subSeconds = (photo.CaptureTime.Ticks % TimeSpan.TicksPerSecond / 1000).ToString("D4", CultureInfo.InvariantCulture);
            exif.AsciiText(0x9290, subSeconds)                      // SubSecTime
                .AsciiText(0x9291, subSeconds)                      // SubSecTimeOriginal
                .AsciiText(0x9292, subSeconds);                     // SubSecTimeDigitized
        }

        var ifd0 = new Ifd()
            .AsciiText(0x010E, photo.ImageDescription, fixedLength: 32) // ImageDescription
            .AsciiText(0x010F, camera.Make, fixedLength: 30)         // Make
            .AsciiText(0x0110, camera.Model, fixedLength: 30)        // Model
            .Shorts(0x0112, 1)                                       // Orientation: horizontal
            .Rationals(0x011A, (72, 1))                              // XResolution
            .Rationals(0x011B, (72, 1))                              // YResolution
            .Shorts(0x0128, 2)                                       // ResolutionUnit: inches
            .AsciiText(0x0131, camera.Firmware, fixedLength: 24)     // Software
            .AsciiText(0x0132, taken)                                // DateTime (ModifyDate)
            .Shorts(0x0213, 1)                                       // YCbCrPositioning: centered
            .Pointer(0x8769, exif);                                  // ExifOffset

        if (photo.Gps is { } gps)
            ifd0.Pointer(0x8825, GpsIfd(gps));                       // GPSInfo

        return TiffWriter.Write(ifd0);
    }

    private static Ifd GpsIfd(GpsFix gps)
    {
        DateTime utc = gps.UtcTime;
        return new Ifd()
            .AsciiText(0x0001, gps.Latitude < 0 ? "S" : "N")         // GPSLatitudeRef
            .Rationals(0x0002, DegreesMinutesSeconds(gps.Latitude))  // GPSLatitude
            .AsciiText(0x0003, gps.Longitude < 0 ? "W" : "E")        // GPSLongitudeRef
            .Rationals(0x0004, DegreesMinutesSeconds(gps.Longitude)) // GPSLongitude
            .Bytes(0x0005, gps.Altitude < 0 ? (byte)1 : (byte)0)     // GPSAltitudeRef: 1 = below sea level
            .Rationals(0x0006, ((uint)Math.Round(Math.Abs(gps.Altitude) * 1000), 1000)) // GPSAltitude, mm like GoPro
            .Rationals(0x0007, ((uint)utc.Hour, 1), ((uint)utc.Minute, 1), ((uint)utc.Second, 1)) // GPSTimeStamp
            .AsciiText(0x001D, utc.ToString("yyyy:MM:dd", CultureInfo.InvariantCulture)); // GPSDateStamp
    }

    // GoPro writes whole degrees and minutes, and seconds in units of 1e-7.
    private static (uint, uint)[] DegreesMinutesSeconds(double value)
    {
        double degrees = Math.Abs(value);
        uint whole = (uint)degrees;
        double minutes = (degrees - whole) * 60;
        uint wholeMinutes = (uint)minutes;
        uint seconds = (uint)Math.Round((minutes - wholeMinutes) * 60 * 10_000_000);
        return [(whole, 1), (wholeMinutes, 1), (seconds, 10_000_000)];
    }

    private static string ExifDate(DateTime time) => time.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture);
}
