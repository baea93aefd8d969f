using System.Globalization;

namespace AilasKiosk.Crew.Screens;

/// <summary>
/// Draws a <see cref="ScreenState"/> into a 128×64 frame. Each screen answers one question from across a room:
/// Working says wait (don't pull the card), Done says pull the card, Problem says what happened, whether the card
/// was changed and who to call. Output depends on the state alone: no clock is read here.
/// </summary>
internal static class ScreenRenderer
{
    private const int W = MonoFrame.Width, H = MonoFrame.Height;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static MonoFrame Render(ScreenState state) => Render(state, default);

    /// <summary>
    /// Renders the state; <paramref name="idleOffset"/> (each 0…<see cref="BurnInGuard.MaxShift"/>, from
    /// <see cref="BurnInGuard"/>) shifts the idle screen, which is laid out to stay whole under any such shift.
    /// The other screens are short-lived and ignore it.
    /// </summary>
    public static MonoFrame Render(ScreenState state, (int Dx, int Dy) idleOffset)
    {
        ArgumentNullException.ThrowIfNull(state);
        var frame = new MonoFrame();
        switch (state)
        {
            case ScreenState.Idle idle: DrawIdle(frame, idle, Clamp(idleOffset.Dx), Clamp(idleOffset.Dy)); break;
            case ScreenState.Working working: DrawWorking(frame, working); break;
            case ScreenState.Done done: DrawDone(frame, done); break;
            case ScreenState.Problem problem: DrawProblem(frame, ProblemText.For(problem)); break;
            case ScreenState.Several several: DrawSeveral(frame, several); break;
            default: throw new ArgumentOutOfRangeException(nameof(state), state.GetType().Name, "Unknown screen.");
        }
        return frame;
    }

    private static int Clamp(int shift) => Math.Clamp(shift, 0, BurnInGuard.MaxShift);

    // ---- Idle: laid out in a (128-3)×(64-3) box so a burn-in shift never clips it.

    /// <summary>Characters per line in the idle screen's shifted box.</summary>
    internal const int IdleLineWidth = (W - BurnInGuard.MaxShift) / Font5x7.CellWidth;
    internal const string InsertCard = "Insert card";

    private static void DrawIdle(MonoFrame frame, ScreenState.Idle idle, int dx, int dy)
    {
        const int boxWidth = W - BurnInGuard.MaxShift;
        TextRenderer.Draw(frame, dx, dy, "Ready", 2);
        var storage = idle.StorageHealthy ? "Storage OK" : "Storage !";
        var storageWidth = TextRenderer.Measure(storage).Width;
        if (idle.StorageHealthy)
            TextRenderer.Draw(frame, dx + boxWidth - storageWidth, dy + 4, storage);
        else
        {
            // Dark on lit, so a maintainer walking by sees it.
            frame.FillRect(dx + boxWidth - storageWidth - 2, dy + 2, storageWidth + 2, 11);
            TextRenderer.Draw(frame, dx + boxWidth - storageWidth - 1, dy + 4, storage, on: false);
        }

        DrawCentred(frame, dx, boxWidth, dy + 18, InsertCard, 2, gap: 1);

        TextRenderer.Draw(frame, dx, dy + 36, string.IsNullOrWhiteSpace(idle.IpAddress) ? "No network" : "IP " + idle.IpAddress.Trim());
        var y = dy + 45;
        foreach (var line in IdleLastCardLines(idle.LastCard))
        {
            TextRenderer.Draw(frame, dx, y, line);
            y += 8;
        }
    }

    /// <summary>The last card, "Last: …", on at most two lines; anything longer ends with "…".</summary>
    internal static IReadOnlyList<string> IdleLastCardLines(string? lastCard)
    {
        if (string.IsNullOrWhiteSpace(lastCard)) return [];
        var lines = WordWrap.Wrap("Last: " + lastCard.Trim(), IdleLineWidth);
        if (lines.Count <= 2) return lines;
        var second = lines[1];
        second = second.Length < IdleLineWidth ? second + "…" : second[..(IdleLineWidth - 1)] + "…";
        return [lines[0], second];
    }

    // ---- Working: wait.

    internal const string DoNotRemove = "Don't remove card";
    private const int LabelTop = 9, LabelBand = Font5x7.GlyphHeight * 3;

    private static void DrawWorking(MonoFrame frame, ScreenState.Working w)
    {
        var eta = w.Eta is { } e ? FormatEta(e) : null;
        LeftRight(frame, 0, PhaseWord(w.Phase), eta is null ? [] : [eta + " left", eta]);

        DrawLabel(frame, w.Label, LabelTop, LabelBand, maxScale: 3);

        var percent = Percent(w);
        if (w.FilesTotal > 0)
        {
            LeftRight(frame, 32, $"{w.FilesDone.ToString(Inv)}/{w.FilesTotal.ToString(Inv)} files", percent is { } p ? $"{p}%" : "");
            LeftRight(frame, 41, w.BytesTotal > 0 ? FormatBytesPair(w.BytesDone, w.BytesTotal) : "",
                w.MegabytesPerSecond is { } speed ? FormatSpeed(speed) : "");
        }
        else
            TextRenderer.Draw(frame, 0, 32, "Reading card…");

        // The bar says, in words, what the crew must not do; the filled part shows the text dark on lit.
        const int barTop = 50, barHeight = H - barTop;
        frame.DrawRect(0, barTop, W, barHeight);
        DrawCentred(frame, 0, W, barTop + 4, DoNotRemove, 1);
        var fill = (W - 4) * (percent ?? 0) / 100;
        if (fill > 0) frame.Invert(2, barTop + 2, fill, barHeight - 4);
    }

    internal static string PhaseWord(WorkPhase phase) => phase switch
    {
        WorkPhase.Identifying => "Identifying",
        WorkPhase.Uploading => "Uploading",
        WorkPhase.Verifying => "Verifying",
        WorkPhase.Wiping => "Clearing",
        _ => phase.ToString(),
    };

    /// <summary>Percent done by bytes when known, else by files; null when there is nothing to count yet.</summary>
    internal static int? Percent(ScreenState.Working w)
    {
        if (w.BytesTotal > 0) return (int)Math.Clamp(w.BytesDone * 100 / w.BytesTotal, 0, 100);
        if (w.FilesTotal > 0) return Math.Clamp((int)((long)w.FilesDone * 100 / w.FilesTotal), 0, 100);
        return null;
    }

    internal static string FormatEta(TimeSpan eta)
    {
        if (eta < TimeSpan.FromMinutes(1)) return "<1 min";
        var minutes = (int)Math.Ceiling(eta.TotalMinutes);
        if (minutes < 60) return $"{minutes} min";
        return minutes >= 100 * 60 ? "99h+" : $"{minutes / 60}h{minutes % 60:00}";
    }

    internal static string FormatSpeed(double megabytesPerSecond) =>
        megabytesPerSecond < 10
            ? megabytesPerSecond.ToString("0.0", Inv) + " MB/s"
            : Math.Min(megabytesPerSecond, 9999).ToString("0", Inv) + " MB/s";

    /// <summary>"5.2/9.1 GB": both in the unit of the total (decimal, like the MB/s).</summary>
    internal static string FormatBytesPair(long done, long total)
    {
        var (divisor, unit) = Unit(total);
        return $"{Number(done / divisor, total / divisor)}/{Number(total / divisor, total / divisor)} {unit}";
    }

    internal static string FormatBytes(long bytes)
    {
        var (divisor, unit) = Unit(bytes);
        return $"{Number(bytes / divisor, bytes / divisor)} {unit}";
    }

    private static (double Divisor, string Unit) Unit(long bytes) => bytes switch
    {
        >= 1_000_000_000_000 => (1e12, "TB"),
        >= 1_000_000_000 => (1e9, "GB"),
        >= 1_000_000 => (1e6, "MB"),
        >= 1_000 => (1e3, "kB"),
        _ => (1, "B"),
    };

    private static string Number(double value, double scaleOfTotal) =>
        scaleOfTotal >= 100 ? Math.Floor(value).ToString("0", Inv) : (Math.Floor(value * 10) / 10).ToString("0.0", Inv);

    // ---- Done: pull the card.

    internal const string DoneTitle = "✓ DONE", RemoveCard = "Remove card";

    private static void DrawDone(MonoFrame frame, ScreenState.Done done)
    {
        DrawCentred(frame, 0, W, 0, DoneTitle, 3, gap: 1);
        DrawCentred(frame, 0, W, 25, RemoveCard, 2, gap: 1);
        frame.HLine(0, 42, W);
        DrawCentred(frame, 0, W, 46, Fit(done.Label, WordWrap.LineWidth), 1);
        DrawCentred(frame, 0, W, 56, DoneSummary(done), 1);
    }

    internal static string DoneSummary(ScreenState.Done done)
    {
        var files = done.Files == 1 ? "1 file" : $"{done.Files.ToString(Inv)} files";
        return Fit($"{files} · {FormatBytes(done.Bytes)}", WordWrap.LineWidth);
    }

    // ---- Several cards: one line per reader.

    internal const int SeveralMaxLines = 4;
    private const int SeveralLineHeight = 12;

    private static void DrawSeveral(MonoFrame frame, ScreenState.Several several)
    {
        frame.FillRect(0, 0, W, TitleBarHeight);
        DrawCentred(frame, 0, W, 2, $"{several.Slots.Count.ToString(Inv)} CARDS", 1, on: false);
        var y = TitleBarHeight + 4;
        foreach (var slot in several.Slots.Take(SeveralMaxLines))
        {
            var state = Fit(slot.State, 10);
            var label = Fit(slot.Label, WordWrap.LineWidth - state.Length - 1);
            if (slot.Alert)
                frame.FillRect(0, y - 2, W, SeveralLineHeight - 1);
            TextRenderer.Draw(frame, 1, y, label, on: !slot.Alert);
            TextRenderer.Draw(frame, W - 1 - TextRenderer.Measure(state).Width, y, state, on: !slot.Alert);
            y += SeveralLineHeight;
        }
    }

    // ---- Problem: what happened, was the card changed, what to do.

    private const int TitleBarHeight = 11;

    private static void DrawProblem(MonoFrame frame, ProblemText text)
    {
        frame.FillRect(0, 0, W, TitleBarHeight);
        DrawCentred(frame, 0, W, 2, Fit(text.Headline, WordWrap.LineWidth), 1, on: false);

        // Lines 8 pixels apart; whatever height is left goes between paragraphs (up to 4 pixels each).
        var paragraphs = text.Paragraphs.Where(p => p.Count > 0).ToArray();
        var lines = Math.Min(paragraphs.Sum(p => p.Count), ProblemText.MaxLines);
        const int top = TitleBarHeight + 2;
        var spare = H - top - (lines * Font5x7.CellHeight - 1);
        var paragraphGap = paragraphs.Length > 1 ? Math.Clamp(spare / (paragraphs.Length - 1), 0, 4) : 0;
        var y = top;
        var drawn = 0;
        foreach (var paragraph in paragraphs)
        {
            foreach (var line in paragraph)
            {
                if (drawn++ == ProblemText.MaxLines) return;
                TextRenderer.Draw(frame, 0, y, line);
                y += Font5x7.CellHeight;
            }
            y += paragraphGap;
        }
    }

    // ---- Helpers.

    /// <summary>
    /// The camera label as large as fits (scale ≤ <paramref name="maxScale"/>, 1-pixel gap), centred in a band.
    /// Returns the scale used.
    /// </summary>
    internal static int DrawLabel(MonoFrame frame, string label, int top, int bandHeight, int maxScale)
    {
        label = Fit(label.Trim(), WordWrap.LineWidth);
        var scale = LabelScale(label, maxScale);
        var (width, height) = TextRenderer.Measure(label, scale, gap: 1);
        TextRenderer.Draw(frame, (W - width) / 2, top + Math.Max(0, bandHeight - height) / 2, label, scale, gap: 1);
        return scale;
    }

    internal static int LabelScale(string label, int maxScale = 3) => TextRenderer.FitScale(label, W, maxScale, gap: 1);

    private static void DrawCentred(MonoFrame frame, int left, int width, int y, string text, int scale, bool on = true, int? gap = null)
    {
        var measured = TextRenderer.Measure(text, scale, gap).Width;
        TextRenderer.Draw(frame, left + Math.Max(0, (width - measured) / 2), y, text, scale, on, gap);
    }

    /// <summary>Left text at x 0, then the first right-hand candidate that fits flush right after a space, if any.</summary>
    private static void LeftRight(MonoFrame frame, int y, string left, params ReadOnlySpan<string> rights)
    {
        left = Fit(left, WordWrap.LineWidth);
        TextRenderer.Draw(frame, 0, y, left);
        foreach (var right in rights)
        {
            if (right.Length == 0 || left.Length + 1 + right.Length > WordWrap.LineWidth) continue;
            TextRenderer.Draw(frame, W - TextRenderer.Measure(right).Width, y, right);
            return;
        }
    }

    /// <summary>The text cut to a width in characters, ending with "…" if it was cut.</summary>
    internal static string Fit(string text, int width) =>
        text.Length <= width ? text : text[..(width - 1)] + "…";
}
