namespace AilasKiosk.CardFactory;

/// <summary>
/// A GPS fix as the camera records it. GoPro writes (0, 0) when it has no lock yet, so
/// <see cref="NoLock"/> exists to produce exactly that; a null fix means no GPS IFD at all.
/// </summary>
public sealed record GpsFix(double Latitude, double Longitude, double Altitude, DateTime UtcTime)
{
    public static GpsFix NoLock(DateTime utcTime) => new(0, 0, 0, utcTime);
}

/// <summary>One photo to generate.</summary>
/// <param name="Folder">DCIM sub-folder, e.g. "100GOPRO".</param>
/// <param name="FileName">e.g. "G0030095.JPG".</param>
/// <param name="SizeBytes">Exact size of the file; padding makes up the difference.</param>
/// <param name="CaptureTime">Local time as the camera clock shows it (EXIF has no zone).</param>
/// <param name="Gps">Null: no GPS IFD (GPS off).</param>
/// <param name="Seed">Seeds the padding bytes and the media id, so the same spec gives the same bytes.</param>
/// <param name="Spherical">360° photo with GPano XMP; null means "what the camera shoots by default" (MAX: 360).</param>
public sealed record PhotoSpec(
    string Folder,
    string FileName,
    long SizeBytes,
    DateTime CaptureTime,
    GpsFix? Gps,
    int Seed,
    bool? Spherical = null)
{
    public string RelativePath => $"DCIM/{Folder}/{FileName}";

    /// <summary>Backslashes, as GoPro writes it in IFD0 ImageDescription.</summary>
    public string ImageDescription => $"DCIM\\{Folder}\\{FileName}";

    public bool IsSphericalOn(CameraProfile camera)
    {
        bool spherical = Spherical ?? camera.Shoots360;
        if (spherical && !camera.Shoots360)
            throw new ArgumentException($"{camera.Model} cannot shoot 360° photos ({FileName})");
        return spherical;
    }
}
