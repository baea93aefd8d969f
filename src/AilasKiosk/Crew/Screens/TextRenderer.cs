namespace AilasKiosk.Crew.Screens;

/// <summary>
/// Draws <see cref="Font5x7"/> text into a <see cref="MonoFrame"/>. Each character advances one 6-pixel cell
/// (times the scale); '\n' starts a new line 8 pixels (times the scale) lower. Scales 2 and 3 are for the camera
/// label shown large: every font pixel becomes a scale×scale square. Drawing is clipped to the frame.
/// The gap between characters is the cell's blank column scaled, unless <c>gap</c> says otherwise: an
/// eight-character label such as "AILAS-07" is 141 pixels wide at 3× but fits in 127 with a 1-pixel gap.
/// </summary>
internal static class TextRenderer
{
    public const int MaxScale = 8;

    /// <summary>Draws text with its top-left glyph pixel at (x, y); <paramref name="on"/> false draws dark text on a lit area.</summary>
    public static void Draw(MonoFrame frame, int x, int y, string text, int scale = 1, bool on = true, int? gap = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        var advance = Advance(scale, gap);
        int penX = x, penY = y;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '\n')
            {
                penX = x;
                penY += Font5x7.CellHeight * scale;
                continue;
            }
            DrawGlyph(frame, penX, penY, Font5x7.Glyph(rune.Value), scale, on);
            penX += advance;
        }
    }

    /// <summary>
    /// The size of the inked box Draw covers: the trailing blank column and bottom blank row of the last cell are
    /// left out, so centring with Measure centres the visible text.
    /// </summary>
    public static (int Width, int Height) Measure(string text, int scale = 1, int? gap = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        var advance = Advance(scale, gap);
        if (text.Length == 0) return (0, 0);
        int lines = 1, longest = 0, current = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '\n')
            {
                lines++;
                current = 0;
                continue;
            }
            longest = Math.Max(longest, ++current);
        }
        var width = longest == 0 ? 0 : (longest - 1) * advance + Font5x7.GlyphWidth * scale;
        var height = ((lines - 1) * Font5x7.CellHeight + Font5x7.GlyphHeight) * scale;
        return (width, height);
    }

    private static void DrawGlyph(MonoFrame frame, int x, int y, ReadOnlySpan<byte> columns, int scale, bool on)
    {
        for (var col = 0; col < columns.Length; col++)
        {
            var bits = columns[col];
            for (var row = 0; row < Font5x7.GlyphHeight; row++)
            {
                if ((bits & (1 << row)) == 0) continue;
                if (scale == 1) frame.SetPixel(x + col, y + row, on);
                else frame.FillRect(x + col * scale, y + row * scale, scale, scale, on);
            }
        }
    }

    /// <summary>The widest scale (up to <paramref name="maxScale"/>) at which the text fits the width; 1 if none does.</summary>
    public static int FitScale(string text, int maxWidth, int maxScale = 3, int? gap = null)
    {
        for (var scale = Math.Min(maxScale, MaxScale); scale > 1; scale--)
            if (Measure(text, scale, gap).Width <= maxWidth) return scale;
        return 1;
    }

    private static int Advance(int scale, int? gap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gap ?? 0, nameof(gap));
        return Font5x7.GlyphWidth * scale + (gap ?? (Font5x7.CellWidth - Font5x7.GlyphWidth) * scale);
    }

    private static void CheckScale(int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
    }
}
