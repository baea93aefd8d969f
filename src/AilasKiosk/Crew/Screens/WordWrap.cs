namespace AilasKiosk.Crew.Screens;

/// <summary>
/// Greedy word wrapping for the 5×7 font (21 characters fill the 128-pixel width). Words are never split,
/// except a single word longer than a whole line (a serial number, say), which is cut at the line width
/// because there is nothing else to do with it. A lone separator such as "·" or "-" stays on the line of the
/// word before it, so no line starts with one.
/// </summary>
internal static class WordWrap
{
    /// <summary>Characters per line at scale 1 across the full 128-pixel width.</summary>
    public const int LineWidth = MonoFrame.Width / Font5x7.CellWidth;

    public static IReadOnlyList<string> Wrap(string text, int width = LineWidth)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var lines = new List<string>();
        var line = "";
        foreach (var word in Words(text, width))
        {
            if (line.Length == 0) line = word;
            else if (line.Length + 1 + word.Length <= width) line += " " + word;
            else
            {
                lines.Add(line);
                line = word;
            }
            while (line.Length > width)
            {
                lines.Add(line[..width]);
                line = line[width..];
            }
        }
        if (line.Length > 0) lines.Add(line);
        return lines;
    }

    /// <summary>Wraps each paragraph on its own, so each starts on a fresh line.</summary>
    public static IReadOnlyList<string> Wrap(IEnumerable<string> paragraphs, int width = LineWidth) =>
        paragraphs.SelectMany(p => Wrap(p, width)).ToArray();

    private static List<string> Words(string text, int width)
    {
        var words = new List<string>();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (words.Count > 0 && IsSeparator(word) && words[^1].Length + 1 + word.Length <= width)
                words[^1] += " " + word;
            else
                words.Add(word);
        }
        return words;
    }

    private static bool IsSeparator(string word) => word is "·" or "-" or "–" or "—" or "|";
}
