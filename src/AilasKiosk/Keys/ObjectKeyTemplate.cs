using System.Text;
using System.Text.RegularExpressions;

namespace AilasKiosk.Keys;

/// <summary>
/// An object key template such as <c>{label}/{date}/{folder}/{name}</c>. The first folder is always the camera
/// label, as in the manual process. Values the kiosk's own configuration gives (label, serial, date, session)
/// must be safe segments; the names a card gives ({folder}, {name}) may be anything S3 can hold as a key
/// (see <see cref="IsStorableName"/>), as cameras and people name files, but never '.', '..' or a control
/// character: a hostile file name can never climb out of its prefix.
/// </summary>
internal sealed partial class ObjectKeyTemplate
{
    public static readonly string[] FilePlaceholders = ["label", "serial", "date", "folder", "name"];
    public static readonly string[] ManifestPlaceholders = ["label", "serial", "date", "session"];
    /// <summary>Keys of images whose camera is not registered: no label, so the serial names the folder.</summary>
    public static readonly string[] QuarantinePlaceholders = ["serial", "date", "folder", "name"];
    public static readonly string[] QuarantineManifestPlaceholders = ["serial", "date", "session"];

    private readonly string[] _parts; // alternating literal, placeholder, literal, ...

    private ObjectKeyTemplate(string text, string[] parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    public static ObjectKeyTemplate Parse(string text, string[] allowed) =>
        TryParse(text, allowed, out var error) ?? throw new ArgumentException(error, nameof(text));

    /// <summary>
    /// Parses a template. Templates that may use {label} must start with {label}/ (the label is the first folder);
    /// quarantine templates must start with a fixed folder (e.g. _unassigned/) that no label can take.
    /// </summary>
    public static ObjectKeyTemplate? TryParse(string text, string[] allowed, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "is empty"; return null; }
        if (allowed.Contains("label") && !text.StartsWith("{label}/", StringComparison.Ordinal))
        { error = $"'{text}' must start with {{label}}/ (the camera label is the first folder)"; return null; }
        if (!allowed.Contains("label") && !QuarantineRoot().IsMatch(text))
        { error = $"'{text}' must start with a fixed folder beginning with '_', e.g. _unassigned/"; return null; }
        if (text.EndsWith('/') || text.Contains("//", StringComparison.Ordinal))
        { error = $"'{text}' has an empty folder"; return null; }
        var parts = PlaceholderPattern().Split(text); // captures land at odd indexes
        for (var i = 1; i < parts.Length; i += 2)
            if (!allowed.Contains(parts[i]))
            { error = $"unknown placeholder {{{parts[i]}}}; allowed: {string.Join(" ", allowed.Select(a => "{" + a + "}"))}"; return null; }
        for (var i = 0; i < parts.Length; i += 2)
            if (parts[i].Contains('{') || parts[i].Contains('}') || parts[i].Split('/').Any(s => s is "." or ".."))
            { error = $"'{text}' has a stray brace or a '.'/'..' folder"; return null; }
        return new ObjectKeyTemplate(text, parts);
    }

    /// <summary>S3's limit on a key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>The placeholders whose values come from the card: a folder path and a file name.</summary>
    private static readonly string[] CardValues = ["folder", "name"];

    /// <summary>
    /// Renders the key. A value from the card must be storable (<see cref="IsStorableName"/>; {folder} may hold
    /// several, '/'-separated: a camera's nested folders), any other a safe segment (<see cref="IsSafeSegment"/>).
    /// </summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var key = new StringBuilder();
        for (var i = 0; i < _parts.Length; i++)
        {
            if (i % 2 == 0) { key.Append(_parts[i]); continue; }
            var value = values.TryGetValue(_parts[i], out var v) ? v : throw new ArgumentException($"no value for {{{_parts[i]}}}");
            var safe = !CardValues.Contains(_parts[i]) ? IsSafeSegment(value)
                : _parts[i] == "folder" ? value.Split('/').All(IsStorableName) : IsStorableName(value);
            if (!safe)
                throw new ArgumentException($"unsafe value for {{{_parts[i]}}}: '{value}'");
            key.Append(value);
        }
        if (Encoding.UTF8.GetByteCount(key.ToString()) > MaxKeyBytes)
            throw new ArgumentException($"the key would be longer than {MaxKeyBytes} bytes");
        return key.ToString();
    }

    /// <summary>The longest file or folder name taken from a card, in UTF-8 bytes (what FAT and exFAT allow, 255 UTF-16 units, fits).</summary>
    public const int MaxNameBytes = 765;

    /// <summary>
    /// A file or folder name from a card that can be part of a key, byte for byte: not empty, '.' or '..'; no
    /// '/', no control character; valid Unicode (a name the file system could not decode arrives holding U+FFFD, and
    /// would no longer name the file on the card); at most <see cref="MaxNameBytes"/> bytes of UTF-8.
    /// Spaces, accents, non-Latin letters and <c>+ % # ? &amp; = ' ( ) [ ]</c> are all fine: S3 keys are UTF-8, and
    /// the requests encode them.
    /// </summary>
    public static bool IsStorableName(string value)
    {
        if (value.Length == 0 || value is "." or ".." || value.Contains('/') || value.Contains('\uFFFD'))
            return false;
        foreach (var c in value)
            if (char.IsControl(c)) return false;
        try
        {
            return StrictUtf8.GetByteCount(value) <= MaxNameBytes;
        }
        catch (EncoderFallbackException)
        {
            return false; // a lone surrogate
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Letters, digits, '-', '_', '.', '~' and '+'; not '.' or '..'; at most 128 characters.</summary>
    public static bool IsSafeSegment(string value) =>
        value.Length is > 0 and <= 128 && value is not "." and not ".." && SafeSegment().IsMatch(value);

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^_[A-Za-z0-9._-]*/")]
    private static partial Regex QuarantineRoot();

    [GeneratedRegex(@"^[A-Za-z0-9._~+-]+$")]
    private static partial Regex SafeSegment();
}
