using System.Globalization;

namespace AilasKiosk.Inspect;

/// <summary>
/// Turns a summary into sentences a data team acts on without knowing EXIF: how many, what it means for
/// Panoramax, what to do, and a few file names to look at. Worst problems first.
/// </summary>
internal static class CheckWarnings
{
    private const int NamesInSentence = 3;

    public static IReadOnlyList<string> For(CheckSummary s)
    {
        var warnings = new List<string>();
        void Add(ImageProblem problem, Func<int, string> sentence)
        {
            var tally = s.Tally(problem);
            if (tally.Count > 0)
                warnings.Add($"{Of(tally.Count, s.Images)} {sentence(tally.Count)}{Examples(tally)}");
        }

        Add(ImageProblem.ZeroBytes, n => $"{Be(n)} empty (0 bytes): there is no picture to import.");
        Add(ImageProblem.NotJpeg, n => $"{Do(n)} not start like a JPEG picture: Panoramax cannot import {Them(n)}.");
        Add(ImageProblem.Truncated, n => $"{Be(n)} cut short (the picture data stops before its end marker): part of the picture is missing; check {Them(n)} before import.");
        Add(ImageProblem.UnreadableMetadata, n => $"{Have(n)} no readable EXIF metadata (missing or damaged): Panoramax needs the position and capture time from it and will reject {Them(n)}.");
        Add(ImageProblem.NoCaptureTime, n => $"{Have(n)} no capture time: Panoramax will reject {Them(n)}.");
        Add(ImageProblem.NoGps, n => $"{Have(n)} no GPS position: Panoramax will reject {Them(n)}. Check that GPS is switched on in the camera.");
        Add(ImageProblem.GpsAtZero, n => $"{Have(n)} the position 0°, 0° (the camera had no satellite fix yet): that is not where {(n == 1 ? "it was" : "they were")} taken; leave {Them(n)} out or correct the position before import.");
        Add(ImageProblem.ClockSkew, n => ClockSentence(s, n));

        if (s.LowestUtcOffset is { } low && s.HighestUtcOffset is { } high && low != high)
            warnings.Add($"The camera clocks imply different time zones in this session (UTC{Offset(low)} to UTC{Offset(high)}): "
                         + "a clock was changed, or the cameras are set differently; check which is right.");
        return warnings;
    }

    private static string ClockSentence(CheckSummary s, int n)
    {
        string worst = s.LargestClockSkew is { } skew
            ? $" (worst: {Duration(skew.Duration())} {(skew > TimeSpan.Zero ? "ahead of" : "behind")} GPS time)"
            : "";
        int k = s.ClockSkewWithSubSeconds;
        string consequence = k > 0
            ? $"{(k == n ? (n == 1 ? "It records" : "They record") : $"{k} of them {(k == 1 ? "records" : "record")}")} sub-seconds "
              + $"(HERO10 and later), so Panoramax dates {Them(k)} by the camera clock and will misplace {Them(k)} in time"
            : $"Panoramax dates {Them(n)} by GPS time, but the capture time recorded in {Them(n)} is wrong";
        return $"{(n == 1 ? "was" : "were")} taken with a camera clock more than {Duration(s.ClockSkewThreshold)} off GPS time, "
               + $"after allowing for the time zone{worst}. {consequence}. Set the camera's date and time.";
    }

    /// <summary>"+02:00", "-03:30": a UTC offset as people write it.</summary>
    public static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>At most the two largest units, zeros left out: "47 s", "2 min", "10 min 9 s", "1 h 10 min", "147 days".</summary>
    public static string Duration(TimeSpan span)
    {
        long total = (long)Math.Round(span.Duration().TotalSeconds, MidpointRounding.AwayFromZero);
        (long Value, string Unit)[] units =
        [
            (total / 86400, total / 86400 == 1 ? "day" : "days"),
            (total / 3600 % 24, "h"),
            (total / 60 % 60, "min"),
            (total % 60, "s"),
        ];
        int first = Array.FindIndex(units, u => u.Value != 0);
        if (first < 0)
            return "0 s";
        var shown = units.Skip(first).Take(2).Where(u => u.Value != 0);
        return string.Join(" ", shown.Select(u => $"{u.Value} {u.Unit}"));
    }

    private static string Of(int count, int total) => $"{count} of {total} {(total == 1 ? "image" : "images")}";

    private static string Examples(ProblemTally tally) =>
        tally.Examples.Count == 0 ? "" : $" For example: {string.Join(", ", tally.Examples.Take(NamesInSentence))}.";

    private static string Be(int n) => n == 1 ? "is" : "are";
    private static string Do(int n) => n == 1 ? "does" : "do";
    private static string Have(int n) => n == 1 ? "has" : "have";
    private static string Them(int n) => n == 1 ? "it" : "them";
}
