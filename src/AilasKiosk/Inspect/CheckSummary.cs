using System.Globalization;
using System.Text.Json;

namespace AilasKiosk.Inspect;

/// <summary>How many images have one problem, and a few of their names (ordinal order).</summary>
internal sealed record ProblemTally(ImageProblem Problem, int Count, IReadOnlyList<string> Examples);

/// <summary>What the checks found in a session's images; <see cref="SessionChecks.Summarize"/> makes one.</summary>
internal sealed record CheckSummary
{
    public required int Images { get; init; }

    /// <summary>One tally per <see cref="ImageProblem"/>, in the enum's order, zero counts included.</summary>
    public required IReadOnlyList<ProblemTally> Problems { get; init; }

    /// <summary>360° (equirectangular) JPEGs. Empty and non-JPEG files count as neither 360° nor flat.</summary>
    public required int Spherical { get; init; }

    public required int Flat { get; init; }

    /// <summary>Earliest and latest capture time, camera clock (local, no zone).</summary>
    public DateTime? FirstCapture { get; init; }

    public DateTime? LastCapture { get; init; }

    public required TimeSpan ClockSkewThreshold { get; init; }

    /// <summary>Images whose camera clock could be compared with GPS time (both present, real fix).</summary>
    public int ClocksCompared { get; init; }

    /// <summary>The skew of largest magnitude (positive: camera ahead of GPS), zone allowed for.</summary>
    public TimeSpan? LargestClockSkew { get; init; }

    /// <summary>Images over the skew threshold that record sub-seconds, which Panoramax dates by the camera clock.</summary>
    public int ClockSkewWithSubSeconds { get; init; }

    /// <summary>The range of time-zone offsets the camera clocks imply; two values mean a clock changed zone.</summary>
    public TimeSpan? LowestUtcOffset { get; init; }

    public TimeSpan? HighestUtcOffset { get; init; }

    /// <summary>Plain sentences for the data team, worst first; empty when all is well.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    public int Count(ImageProblem problem) => Tally(problem).Count;

    public ProblemTally Tally(ImageProblem problem) => Problems.First(t => t.Problem == problem);

    /// <summary>Writes the summary as one JSON object value (after a property name, or as an array element).</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("images", Images);
        json.WriteNumber("spherical360", Spherical);
        json.WriteNumber("flat", Flat);
        WriteTime(json, "firstCapture", FirstCapture);
        WriteTime(json, "lastCapture", LastCapture);

        json.WriteStartObject("clock");
        json.WriteNumber("skewThresholdSeconds", Seconds(ClockSkewThreshold));
        json.WriteNumber("compared", ClocksCompared);
        if (LargestClockSkew is { } skew) json.WriteNumber("largestSkewSeconds", Seconds(skew)); else json.WriteNull("largestSkewSeconds");
        json.WriteNumber("skewedWithSubSeconds", ClockSkewWithSubSeconds);
        WriteOffset(json, "lowestUtcOffset", LowestUtcOffset);
        WriteOffset(json, "highestUtcOffset", HighestUtcOffset);
        json.WriteEndObject();

        json.WriteStartObject("problems");
        foreach (var tally in Problems)
        {
            json.WriteStartObject(JsonName(tally.Problem));
            json.WriteNumber("count", tally.Count);
            json.WriteStartArray("examples");
            foreach (var name in tally.Examples)
                json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartArray("warnings");
        foreach (var warning in Warnings)
            json.WriteStringValue(warning);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Spelled out rather than derived from the enum's names: the manifest schema must not change with a rename.
    public static string JsonName(ImageProblem problem) => problem switch
    {
        ImageProblem.ZeroBytes => "zeroBytes",
        ImageProblem.NotJpeg => "notJpeg",
        ImageProblem.Truncated => "truncated",
        ImageProblem.UnreadableMetadata => "unreadableMetadata",
        ImageProblem.NoCaptureTime => "noCaptureTime",
        ImageProblem.NoGps => "noGps",
        ImageProblem.GpsAtZero => "gpsAtZero",
        ImageProblem.ClockSkew => "clockSkew",
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
    };

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);

    // Camera time has no zone: ISO 8601 without an offset, as the manifest's captureTime.
    private static void WriteTime(Utf8JsonWriter json, string name, DateTime? time)
    {
        if (time is { } t) json.WriteString(name, t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        else json.WriteNull(name);
    }

    private static void WriteOffset(Utf8JsonWriter json, string name, TimeSpan? offset)
    {
        if (offset is { } o) json.WriteString(name, CheckWarnings.Offset(o));
        else json.WriteNull(name);
    }
}
