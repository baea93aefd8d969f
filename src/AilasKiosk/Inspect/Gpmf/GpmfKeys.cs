namespace AilasKiosk.Inspect.Gpmf;

/// <summary>
/// The GPMF keys (FourCC) the kiosk looks at. GoPro documents them in gopro/gpmf-parser (README, "Standard
/// Metadata Keys") and exiftool's GoPro tag table; camera photos carry them in the JPEG's APP6 segment.
/// </summary>
internal static class GpmfKeys
{
    /// <summary>Device container: everything one device (the camera, a lens) reports. Type 0 (nested).</summary>
    public const string Device = "DEVC";

    /// <summary>Stream container inside a DEVC. HERO5–HERO7 photos nest their settings in one.</summary>
    public const string Stream = "STRM";

    /// <summary>Device name, e.g. "Global Settings" (HERO8+, MAX) or "Photo Global Settings" (HERO6).</summary>
    public const string DeviceName = "DVNM";

    /// <summary>Camera serial number ("C3221324657219"), type 'c', NUL-terminated inside the payload.</summary>
    public const string CameraSerial = "CASN";

    /// <summary>Camera model ("HERO6 Black", "GoPro Max"), type 'c', NUL-padded to 30 bytes.</summary>
    public const string Model = "MINF";

    /// <summary>Firmware version ("HD6.01.01.51.00"), type 'c'.</summary>
    public const string Firmware = "FMWR";
}
