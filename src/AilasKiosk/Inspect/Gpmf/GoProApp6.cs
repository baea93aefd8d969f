namespace AilasKiosk.Inspect.Gpmf;

/// <summary>
/// Reads the camera's identity from a GoPro JPEG's APP6 segment: a payload starting with "GoPro\0" holds GPMF
/// with CASN (serial), MINF (model) and FMWR (firmware). MetadataExtractor finds the segment (in
/// <see cref="Inspect.ImageInspector"/>'s one walk of the header) but does not decode GPMF. Photos come from
/// untrusted cards, so nothing here throws on bad data.
/// </summary>
internal static class GoProApp6
{
    /// <summary>What GoPro puts before the GPMF in its APP6 payload.</summary>
    public static ReadOnlySpan<byte> Signature => "GoPro\0"u8;

    /// <summary>
    /// The identity in one APP6 payload (without marker and length); null when it is another vendor's, holds no
    /// plausible serial, or its GPMF is garbage. A file may hold several GoPro APP6 segments: try each in turn.
    /// </summary>
    public static GoProCameraInfo? FromSegment(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!payload.AsSpan().StartsWith(Signature))
            return null;
        var gpmf = GpmfReader.ParseLenient(payload.AsMemory(Signature.Length));
        // Entries read before an error are whole and in bounds: a CASN among them is as good as any.
        return GoProCameraInfo.FromGpmf(gpmf.Entries);
    }
}
