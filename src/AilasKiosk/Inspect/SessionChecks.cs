namespace AilasKiosk.Inspect;

/// <summary>
/// Adds up the facts of every image of a session, from any number of threads, in constant memory:
/// counters, extremes, and at most <see cref="MaxExamples"/> file names per problem (the first ones in
/// ordinal order, so the examples do not depend on which thread finished first).
/// </summary>
internal sealed class SessionChecks
{
    public static readonly TimeSpan DefaultClockSkewThreshold = TimeSpan.FromMinutes(2);
    public const int DefaultMaxExamples = 20;

    private readonly Lock gate = new();
    private readonly int[] counts = new int[ProblemKinds.Length];
    private readonly SortedSet<string>[] examples = ProblemKinds.Select(_ => new SortedSet<string>(StringComparer.Ordinal)).ToArray();
    private int images, spherical, flat, compared, skewedWithSubSeconds;
    private DateTime? firstCapture, lastCapture;
    private TimeSpan? largestSkew, lowestZone, highestZone;

    private static readonly ImageProblem[] ProblemKinds = Enum.GetValues<ImageProblem>();

    /// <param name="clockSkewThreshold">A camera clock further than this from GPS time (zone allowed for) is a problem.</param>
    /// <param name="maxExamples">File names kept per problem.</param>
    public SessionChecks(TimeSpan? clockSkewThreshold = null, int maxExamples = DefaultMaxExamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockSkewThreshold ?? TimeSpan.Zero, TimeSpan.Zero, nameof(clockSkewThreshold));
        ArgumentOutOfRangeException.ThrowIfNegative(maxExamples);
        ClockSkewThreshold = clockSkewThreshold ?? DefaultClockSkewThreshold;
        MaxExamples = maxExamples;
    }

    public TimeSpan ClockSkewThreshold { get; }

    public int MaxExamples { get; }

    /// <param name="fileName">How the data team finds the image again, e.g. its path on the card.</param>
    public void Add(string fileName, ImageFacts facts)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(facts);
        var problems = ImageProblems.Of(facts, ClockSkewThreshold).ToList();

        lock (gate)
        {
            images++;
            foreach (var problem in problems)
            {
                counts[(int)problem]++;
                KeepExample(examples[(int)problem], fileName);
            }
            if (facts.Integrity is ImageIntegrity.Intact or ImageIntegrity.Truncated)
            {
                if (facts.Is360) spherical++; else flat++;
            }
            if (facts.CaptureTime is { } taken)
            {
                firstCapture = firstCapture is { } f && f <= taken ? f : taken;
                lastCapture = lastCapture is { } l && l >= taken ? l : taken;
            }
            if (facts.Clock is { } clock)
                AddClock(clock, facts.HasSubSeconds && problems.Contains(ImageProblem.ClockSkew));
        }
    }

    public CheckSummary Summarize()
    {
        lock (gate)
        {
            var summary = new CheckSummary
            {
                Images = images,
                Problems = ProblemKinds.Select(p => new ProblemTally(p, counts[(int)p], [.. examples[(int)p]])).ToList(),
                Spherical = spherical,
                Flat = flat,
                FirstCapture = firstCapture,
                LastCapture = lastCapture,
                ClockSkewThreshold = ClockSkewThreshold,
                ClocksCompared = compared,
                LargestClockSkew = largestSkew,
                ClockSkewWithSubSeconds = skewedWithSubSeconds,
                LowestUtcOffset = lowestZone,
                HighestUtcOffset = highestZone,
                Warnings = [],
            };
            return summary with { Warnings = CheckWarnings.For(summary) };
        }
    }

    private void AddClock(ClockOffset clock, bool skewedWithSubSeconds)
    {
        compared++;
        if (skewedWithSubSeconds)
            this.skewedWithSubSeconds++;
        if (largestSkew is not { } worst || clock.Skew.Duration() > worst.Duration())
            largestSkew = clock.Skew;
        if (clock.ZoneOffset is { } zone)
        {
            lowestZone = lowestZone is { } low && low <= zone ? low : zone;
            highestZone = highestZone is { } high && high >= zone ? high : zone;
        }
    }

    private void KeepExample(SortedSet<string> kept, string fileName)
    {
        if (MaxExamples == 0)
            return;
        kept.Add(fileName);
        if (kept.Count > MaxExamples)
            kept.Remove(kept.Max!);
    }
}
