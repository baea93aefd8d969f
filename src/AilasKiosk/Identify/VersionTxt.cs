using System.Text;
using System.Text.RegularExpressions;
using AilasKiosk.Inspect;

namespace AilasKiosk.Identify;

/// <summary>
/// Reads GoPro's MISC/version.txt. It looks like JSON but often is not: newer cameras put commas at line starts,
/// older ones leave a trailing comma before '}', and damaged cards hold anything. So it is read as a list of
/// "key":"value" pairs, which every dialect shares, from a bounded prefix of the file.
/// </summary>
internal static partial class VersionTxt
{
    /// <summary>Real files are ~300 bytes; anything past this is not a version.txt worth reading.</summary>
    public const int MaxBytes = 16 * 1024;

    public static VersionInfo? ReadFile(string path)
    {
        byte[] head;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            head = new byte[(int)Math.Min(MaxBytes, Math.Max(0, stream.Length))];
            stream.ReadExactly(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return Parse(Encoding.UTF8.GetString(head));
    }

    public static VersionInfo? Parse(string text)
    {
        if (text.Length > MaxBytes) text = text[..MaxBytes];
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Pair().Matches(text))
            pairs.TryAdd(m.Groups[1].Value.Trim(), m.Groups[2].Value.Trim());
        var serial = pairs.GetValueOrDefault("camera serial number");
        if (serial is null || !CameraSerial.IsPlausible(serial))
            return null;
        return new VersionInfo(serial, pairs.GetValueOrDefault("camera type"), pairs.GetValueOrDefault("firmware version"));
    }

    // "key" : "value" — bounded lengths so a hostile file cannot make the regex do much work.
    [GeneratedRegex("\"([^\"\\r\\n]{1,64})\"\\s*:\\s*\"([^\"\\r\\n]{0,128})\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pair();
}

internal sealed record VersionInfo(string Serial, string? CameraType, string? Firmware);
