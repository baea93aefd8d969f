using AilasKiosk.Crew.Screens;

namespace AilasKiosk.Tests.Display;

public class FontTests
{
    [Fact]
    public void Every_printable_ascii_character_has_its_own_glyph()
    {
        var seen = new HashSet<string>();
        for (var c = 32; c <= 126; c++)
        {
            Assert.True(Font5x7.Has(c), $"no glyph for '{(char)c}'");
            var glyph = Font5x7.Glyph(c);
            Assert.Equal(Font5x7.GlyphWidth, glyph.Length);
            Assert.All(glyph.ToArray(), column => Assert.Equal(0, column & 0x80)); // 7 rows only
            if (c != ' ') Assert.Contains(glyph.ToArray(), column => column != 0);
            Assert.True(seen.Add(Convert.ToHexString(glyph)), $"'{(char)c}' looks like another character");
            Assert.False(glyph.SequenceEqual(Font5x7.MissingGlyph), $"'{(char)c}' is drawn as the missing-glyph box");
        }
    }

    [Theory]
    [InlineData('°')]
    [InlineData('→')]
    [InlineData('✓')]
    [InlineData('✗')]
    [InlineData('…')]
    public void Screen_symbols_have_glyphs(char symbol)
    {
        Assert.True(Font5x7.Has(symbol));
        Assert.False(Font5x7.Glyph(symbol).SequenceEqual(Font5x7.MissingGlyph));
    }

    [Fact]
    public void Unknown_characters_render_as_a_box()
    {
        var drawn = new MonoFrame();
        TextRenderer.Draw(drawn, 0, 0, "€");
        var box = new MonoFrame();
        box.DrawRect(0, 0, 5, 7);
        Assert.True(drawn.ContentEquals(box));

        // A character outside the basic plane is one box, not two.
        var emoji = new MonoFrame();
        TextRenderer.Draw(emoji, 0, 0, "\U0001F4F7");
        Assert.True(emoji.ContentEquals(box));
        Assert.Equal((5, 7), TextRenderer.Measure("\U0001F4F7"));
    }

    [Theory]
    [InlineData("AILAS-07", 1, null)]
    [InlineData("AILAS-07", 2, null)]
    [InlineData("AILAS-07", 3, 1)]
    [InlineData("AILAS-07", 2, 0)]
    [InlineData("HELLO WORLD", 1, null)]
    [InlineData("H\nWIDE", 2, null)]
    public void Measure_matches_the_drawn_extent(string text, int scale, int? gap)
    {
        var frame = new MonoFrame();
        TextRenderer.Draw(frame, 0, 2, text, scale, gap: gap);
        var (width, height) = TextRenderer.Measure(text, scale, gap);
        Assert.Equal((0, 2, width, height), InkBox(frame));
    }

    [Fact]
    public void An_eight_character_label_fits_at_3x_only_with_a_narrow_gap()
    {
        Assert.Equal(141, TextRenderer.Measure("AILAS-07", 3).Width);
        Assert.Equal(127, TextRenderer.Measure("AILAS-07", 3, gap: 1).Width);
        Assert.Equal(2, TextRenderer.FitScale("AILAS-07", MonoFrame.Width));
        Assert.Equal(3, TextRenderer.FitScale("AILAS-07", MonoFrame.Width, gap: 1));
        Assert.Equal(3, TextRenderer.FitScale("CAM-7", MonoFrame.Width));
        Assert.Equal(1, TextRenderer.FitScale(new string('W', 30), MonoFrame.Width));
    }

    [Fact]
    public void Measure_of_empty_text_is_zero()
    {
        Assert.Equal((0, 0), TextRenderer.Measure(""));
        Assert.Equal((6 * 3 - 1, 7), TextRenderer.Measure("abc"));
    }

    [Fact]
    public void Scaled_text_is_the_small_text_with_every_pixel_a_square()
    {
        var small = new MonoFrame();
        TextRenderer.Draw(small, 0, 0, "07°");
        foreach (var scale in new[] { 2, 3 })
        {
            var large = new MonoFrame();
            TextRenderer.Draw(large, 0, 0, "07°", scale);
            for (var y = 0; y < MonoFrame.Height; y++)
                for (var x = 0; x < MonoFrame.Width; x++)
                    Assert.Equal(small.GetPixel(x / scale, y / scale), large.GetPixel(x, y));
        }
    }

    [Theory]
    [InlineData(-20, -5)]
    [InlineData(120, 60)]
    [InlineData(-1000, 1000)]
    [InlineData(int.MinValue / 2, int.MaxValue / 2)]
    public void Text_at_and_beyond_the_edges_is_clipped(int x, int y)
    {
        var frame = new MonoFrame();
        TextRenderer.Draw(frame, x, y, "AILAS-07 long label that runs off", 3);
        TextRenderer.Draw(frame, x, y, "AILAS-07", 1);
        Assert.True(MonoFrameTests.CountLit(frame) >= 0);
    }

    [Fact]
    public void Text_hanging_off_the_left_edge_keeps_its_visible_part()
    {
        var whole = new MonoFrame();
        TextRenderer.Draw(whole, 0, 0, "AB");
        var shifted = new MonoFrame();
        TextRenderer.Draw(shifted, -6, 0, "AB");
        var onlyB = new MonoFrame();
        TextRenderer.Draw(onlyB, 0, 0, "B");
        Assert.True(shifted.ContentEquals(onlyB));
    }

    [Fact]
    public void Dark_text_on_a_lit_bar()
    {
        var frame = new MonoFrame();
        frame.FillRect(0, 0, 128, 9);
        TextRenderer.Draw(frame, 1, 1, "I", on: false);
        Assert.False(frame.GetPixel(1 + 2, 1 + 3)); // the stem of I
        Assert.True(frame.GetPixel(0, 0));
    }

    private static (int X, int Y, int Width, int Height) InkBox(MonoFrame frame)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (var y = 0; y < MonoFrame.Height; y++)
            for (var x = 0; x < MonoFrame.Width; x++)
                if (frame.GetPixel(x, y))
                {
                    minX = Math.Min(minX, x);
                    minY = Math.Min(minY, y);
                    maxX = Math.Max(maxX, x);
                    maxY = Math.Max(maxY, y);
                }
        return (minX, minY, maxX - minX + 1, maxY - minY + 1);
    }
}
