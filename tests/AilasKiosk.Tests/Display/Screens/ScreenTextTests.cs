using AilasKiosk.Crew.Screens;

namespace AilasKiosk.Tests.Display.Screens;

public class WordWrapTests
{
    [Theory]
    [InlineData("Verified photos were deleted; the rest are still on the card.")]
    [InlineData("Remove card. Call maintenance: storage unreachable.")]
    [InlineData("a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii jjjjjjjjjj kkkkkkkkkkkkkkkkkkkkk")]
    public void Never_splits_a_word_and_keeps_every_word_in_order(string text)
    {
        var lines = WordWrap.Wrap(text);
        Assert.All(lines, line => Assert.InRange(line.Length, 1, WordWrap.LineWidth));
        Assert.Equal(text.Split(' '), lines.SelectMany(l => l.Split(' ')));
    }

    [Fact]
    public void Fills_lines_greedily()
    {
        Assert.Equal(["Remove card. Call", "maintenance: storage", "unreachable."], WordWrap.Wrap("Remove card. Call maintenance: storage unreachable."));
        Assert.Equal(21, WordWrap.LineWidth);
    }

    [Fact]
    public void Cuts_only_a_word_longer_than_a_line()
    {
        Assert.Equal(["Serial", "ABCDEFGHIJKLMNOPQRSTU", "VWXYZ end"], WordWrap.Wrap("Serial ABCDEFGHIJKLMNOPQRSTUVWXYZ end"));
    }

    [Fact]
    public void A_separator_never_starts_a_line()
    {
        var lines = WordWrap.Wrap("Last: AILAS-07 · 312 photos · 14:02", 20);
        Assert.All(lines, line => Assert.False(line.StartsWith('·'), line));
    }

    [Fact]
    public void Empty_text_has_no_lines() => Assert.Empty(WordWrap.Wrap("   "));
}

public class ProblemTextTests
{
    public static TheoryData<ProblemKind, bool> AllProblems()
    {
        var data = new TheoryData<ProblemKind, bool>();
        foreach (var kind in Enum.GetValues<ProblemKind>())
        {
            data.Add(kind, false);
            data.Add(kind, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllProblems))]
    public void Says_whether_the_card_was_changed_and_fits(ProblemKind kind, bool changed)
    {
        var text = ProblemText.For(new ScreenState.Problem(kind, "C3441325123456", changed));
        var body = string.Join(" ", text.Lines);

        Assert.Contains(changed ? ProblemText.SomeDeleted : ProblemText.NothingDeleted, body);
        Assert.DoesNotContain(changed ? ProblemText.NothingDeleted : ProblemText.SomeDeleted, body);
        Assert.Contains(text.Action, body);
        Assert.InRange(text.Lines.Count, 3, ProblemText.MaxLines);
        Assert.All(text.Lines, line => Assert.InRange(line.Length, 1, WordWrap.LineWidth));
        Assert.InRange(text.Headline.Length, 1, WordWrap.LineWidth);
        Assert.Equal(text.Headline.ToUpperInvariant(), text.Headline);
        Assert.All(text.Headline + body, c => Assert.True(Font5x7.Has(c), $"no glyph for '{c}'"));
    }

    [Theory]
    [MemberData(nameof(AllProblems))]
    public void Tells_what_to_do(ProblemKind kind, bool changed)
    {
        var action = ProblemText.For(new ScreenState.Problem(kind, null, changed)).Action;
        Assert.True(action.Contains("Remove card") || action.Contains("wait") || action.Contains("Put it back")
                    || action.Contains("Do not format"), action);
    }

    [Fact]
    public void The_unknown_camera_screen_names_the_serial()
    {
        var text = ProblemText.For(new ScreenState.Problem(ProblemKind.UnknownCamera, "C3441325123456", false));
        Assert.Contains("C3441325123456", string.Join(" ", text.Lines));
    }

    [Fact]
    public void A_pulled_card_is_asked_back_not_to_be_removed()
    {
        var text = ProblemText.For(new ScreenState.Problem(ProblemKind.CardPulledTooEarly, null, true));
        Assert.DoesNotContain("Remove card", text.Action);
    }
}

public class ScreenLayoutTests
{
    [Theory]
    [InlineData("AILAS-07", 3)]
    [InlineData("AILAS-123", 2)]
    [InlineData("AILAS-LONGNAME-123", 1)]
    public void Long_labels_fit_by_reducing_the_scale(string label, int expected)
    {
        var scale = ScreenRenderer.LabelScale(label);
        Assert.Equal(expected, scale);
        Assert.True(TextRenderer.Measure(label, scale, gap: 1).Width <= MonoFrame.Width);
    }

    [Fact]
    public void A_long_label_is_drawn_whole_inside_the_frame()
    {
        var frame = ScreenRenderer.Render(new ScreenState.Working("AILAS-LONGNAME-123", WorkPhase.Uploading, 1, 2, 1, 2, null, null));
        // The label band (rows 9..29) is lit somewhere near both edges and not in the outermost column.
        var columns = Enumerable.Range(0, MonoFrame.Width).Where(x => Enumerable.Range(9, 21).Any(y => frame.GetPixel(x, y))).ToArray();
        Assert.True(columns.Min() > 0 && columns.Max() < MonoFrame.Width - 1);
        Assert.True(columns.Max() - columns.Min() > 90);
    }

    [Theory]
    [InlineData(0, 0, "<1 min")]
    [InlineData(6, 12, "7 min")]
    [InlineData(64, 0, "1h04")]
    public void Eta_is_short(int minutes, int seconds, string expected) =>
        Assert.Equal(expected, ScreenRenderer.FormatEta(new TimeSpan(0, minutes, seconds)));

    [Theory]
    [InlineData(5_200_000_000, 9_100_000_000, "5.2/9.1 GB")]
    [InlineData(21_000_000_000, 139_000_000_000, "21/139 GB")]
    [InlineData(412_000_000, 731_000_000, "412/731 MB")]
    public void Byte_pairs_share_the_unit_of_the_total(long done, long total, string expected) =>
        Assert.Equal(expected, ScreenRenderer.FormatBytesPair(done, total));

    [Fact]
    public void The_idle_last_card_fits_two_lines_of_the_shifted_box()
    {
        var lines = ScreenRenderer.IdleLastCardLines("AILAS-07 · 312 photos · 14:02");
        Assert.Equal(["Last: AILAS-07 · 312", "photos · 14:02"], lines);
        var long_ = ScreenRenderer.IdleLastCardLines(string.Join(" ", Enumerable.Repeat("AILAS-07 · 312 photos", 4)));
        Assert.Equal(2, long_.Count);
        Assert.EndsWith("…", long_[1]);
        Assert.All(long_, l => Assert.True(l.Length <= ScreenRenderer.IdleLineWidth));
    }

    [Fact]
    public void The_idle_screen_stays_whole_under_every_burn_in_shift()
    {
        var state = SampleScreens.All["idle"];
        var origin = ScreenRenderer.Render(state);
        for (var dy = 0; dy <= BurnInGuard.MaxShift; dy++)
            for (var dx = 0; dx <= BurnInGuard.MaxShift; dx++)
            {
                var shifted = ScreenRenderer.Render(state, (dx, dy));
                int litOrigin = 0, litShifted = 0;
                for (var y = 0; y < MonoFrame.Height; y++)
                    for (var x = 0; x < MonoFrame.Width; x++)
                    {
                        if (shifted.GetPixel(x, y)) litShifted++;
                        if (!origin.GetPixel(x, y)) continue;
                        litOrigin++;
                        Assert.True(shifted.GetPixel(x + dx, y + dy), $"({x},{y}) lost at shift ({dx},{dy})");
                    }
                Assert.Equal(litOrigin, litShifted);
            }
    }
}

public class BurnInGuardTests
{
    [Fact]
    public void Moves_one_pixel_per_period_over_all_sixteen_offsets()
    {
        var time = new ManualTimeProvider();
        var guard = new BurnInGuard(time, TimeSpan.FromMinutes(2));
        var seen = new List<(int Dx, int Dy)>();
        for (var i = 0; i < 16; i++)
        {
            seen.Add(guard.Offset);
            time.Advance(TimeSpan.FromMinutes(2));
        }
        Assert.Equal(16, seen.Distinct().Count());
        Assert.All(seen, o => Assert.True(o.Dx is >= 0 and <= BurnInGuard.MaxShift && o.Dy is >= 0 and <= BurnInGuard.MaxShift));
        for (var i = 1; i < seen.Count; i++)
            Assert.Equal(1, Math.Abs(seen[i].Dx - seen[i - 1].Dx) + Math.Abs(seen[i].Dy - seen[i - 1].Dy));
        Assert.Equal(seen[0], guard.Offset);
    }

    [Fact]
    public void Holds_still_within_a_period()
    {
        var time = new ManualTimeProvider();
        var guard = new BurnInGuard(time, TimeSpan.FromMinutes(5));
        var first = guard.Offset;
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(first, guard.Offset);
    }
}
