using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AilasKiosk.Inspect;
using AilasKiosk.Keys;
using AilasKiosk.Storage;

namespace AilasKiosk.Identify;

/// <summary>
/// The shared camera registry as the bucket holds it (Registry:SharedKey, default <c>_kiosk/cameras.json</c>): the
/// same shape as the local file, <c>{"Cameras": {serial: label}}</c>. Anyone with write access to that key can put
/// anything there, and its labels become key prefixes on every kiosk, so a document is taken whole or not at all:
/// one bad entry and the last good registry stays in force.
/// </summary>
internal static class SharedCameraList
{
    /// <summary>Far beyond any project's cameras (one entry is ~40 bytes): a larger object is not even read.</summary>
    public const int MaxBytes = 256 * 1024;

    public const int MaxCameras = 2000;

    /// <summary>The document as read from the bucket (at most <see cref="MaxBytes"/>): its cameras, or why it is refused.</summary>
    public static IReadOnlyDictionary<string, string> Parse(SmallObject read) =>
        read.TooLarge ? throw TooLarge(read.Size) : Parse(read.Body);

    /// <summary>The cameras of a document, serial in upper case → label; <see cref="InvalidDataException"/> says what is wrong.</summary>
    public static IReadOnlyDictionary<string, string> Parse(byte[] body)
    {
        if (body.Length > MaxBytes)
            throw TooLarge(body.Length);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body));
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw new InvalidDataException($"not JSON in UTF-8: {e.Message}");
        }
        if (root is not JsonObject rootObject || rootObject["Cameras"] is not JsonObject cameras)
            throw new InvalidDataException("not an object holding {\"Cameras\": {serial: label}}");
        if (cameras.Count > MaxCameras)
            throw new InvalidDataException($"{cameras.Count} cameras, more than {MaxCameras}");

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (serial, value) in cameras)
        {
            if (!CameraSerial.IsPlausible(serial))
                throw new InvalidDataException($"'{Printable(serial)}' is not a camera serial (6 to 32 upper-case letters and digits)");
            if (value is not JsonValue label || label.GetValueKind() != JsonValueKind.String)
                throw new InvalidDataException($"the label of {serial} is not a string");
            var text = label.GetValue<string>();
            if (!IsLabel(text))
                throw new InvalidDataException($"the label of {serial}, '{Printable(text)}', is not a label: letters, digits, '-', '_' and '.', "
                                               + "beginning with a letter or digit, at most 128");
            if (!result.TryAdd(serial, text))
                throw new InvalidDataException($"{serial} is listed twice");
        }
        return result;
    }

    /// <summary>
    /// A label from the shared registry: one safe key segment that begins with a letter or a digit, so that no
    /// label can reach the kiosks' own folders (<c>_kiosks/</c>, <c>_unassigned/</c>, the registry's <c>_kiosk/</c>).
    /// </summary>
    public static bool IsLabel(string label) =>
        ObjectKeyTemplate.IsSafeSegment(label) && char.IsAsciiLetterOrDigit(label[0]);

    public static byte[] Serialize(IReadOnlyDictionary<string, string> cameras)
    {
        var list = new JsonObject();
        foreach (var (serial, label) in cameras.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            list[serial.ToUpperInvariant()] = label;
        var root = new JsonObject { ["Cameras"] = list };
        return Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static InvalidDataException TooLarge(long size) => new($"{size} bytes, more than the {MaxBytes} a registry may take");

    private static string Printable(string text) => Fleet.Printable.Of(text, 60);
}
