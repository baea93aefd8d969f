using System.Text.RegularExpressions;

namespace AilasKiosk.Inspect;

/// <summary>
/// What a camera serial may look like, wherever it is read from (EXIF, GPMF, MISC/version.txt, the registry). A
/// serial names folders in the bucket and lines in the logs, so a damaged or hostile one must not pass.
/// </summary>
internal static partial class CameraSerial
{
    /// <summary>GoPro serials are 14 upper-case letters and digits (C3471325208909); accept a little wider, never odd characters.</summary>
    public static bool IsPlausible(string serial) => Pattern().IsMatch(serial);

    [GeneratedRegex("^[A-Z0-9]{6,32}$")]
    private static partial Regex Pattern();
}
