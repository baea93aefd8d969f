namespace AilasKiosk.Inspect.Gpmf;

/// <summary>The camera's identity as it wrote it in a photo's GPMF (APP6 "GoPro" segment).</summary>
/// <param name="Serial">CASN, e.g. "C3221324657219"; always a plausible serial (<see cref="CameraSerial.IsPlausible"/>).</param>
/// <param name="Model">MINF, e.g. "HERO6 Black"; null when absent or not printable ASCII.</param>
/// <param name="Firmware">FMWR, e.g. "HD6.01.01.51.00"; null when absent or not printable ASCII.</param>
internal sealed record GoProCameraInfo(string Serial, string? Model, string? Firmware)
{
    /// <summary>Longest model or firmware string kept; real ones are under 32 characters.</summary>
    public const int MaxTextLength = 64;

    /// <summary>
    /// The identity in a parsed GPMF tree: the first CASN, MINF and FMWR in document order (HERO5–7 put them in
    /// DEVC › STRM, HERO8+ and MAX directly in DEVC). Null without a plausible serial: a serial is what the
    /// kiosk files images under, so a damaged one must not pass for a camera.
    /// </summary>
    public static GoProCameraInfo? FromGpmf(IReadOnlyList<GpmfEntry> entries)
    {
        string? serial = entries.FindFirst(GpmfKeys.CameraSerial)?.ReadString();
        if (serial is null || !CameraSerial.IsPlausible(serial))
            return null;
        return new GoProCameraInfo(serial, Text(entries, GpmfKeys.Model), Text(entries, GpmfKeys.Firmware));
    }

    // Model and firmware end up in logs and reports: keep them only if they are short, printable ASCII.
    private static string? Text(IReadOnlyList<GpmfEntry> entries, string key)
    {
        string? text = entries.FindFirst(key)?.ReadString();
        return text is { Length: > 0 and <= MaxTextLength } && text.All(c => c is >= ' ' and <= '~') ? text : null;
    }
}
