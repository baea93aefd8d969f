using System.Globalization;
using System.Text;

namespace AilasKiosk.Fleet;

/// <summary>
/// Text from the bucket made safe for a terminal: whatever a status object holds was written by some holder of a
/// key, and an escape sequence printed raw can rewrite the screen. Control characters, line and paragraph
/// separators and bidirectional overrides become <c>\u….</c> escapes; the text is cut to a length.
/// </summary>
internal static class Printable
{
    public static string Of(string? value, int maxLength = 200)
    {
        if (value is null) return "";
        var text = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        foreach (var c in value)
        {
            if (text.Length >= maxLength)
            {
                text.Append('…');
                break;
            }
            if (IsUnsafe(c))
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else
                text.Append(c);
        }
        return text.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) // C0, DEL, C1 (ESC, CSI…)
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' // bidirectional embeddings, overrides, isolates
        || c == '\ufeff';
}
