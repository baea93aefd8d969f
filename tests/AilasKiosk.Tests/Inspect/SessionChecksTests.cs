using System.Text.Json;
using AilasKiosk.CardFactory;
using AilasKiosk.Inspect;
using static AilasKiosk.Tests.Inspect.TestImages;

namespace AilasKiosk.Tests.Inspect;

public class SessionChecksTests
{
    private static readonly ImageFacts Good = FactsOf(Photo(CameraProfile.Hero10()));
    private static readonly ImageFacts NoGps = FactsOf(Photo(CameraProfile.Hero10(), noGps: true));
    private static readonly ImageFacts AtZero = FactsOf(Photo(CameraProfile.Hero10(), gps: GpsFix.NoLock(TakenUtc)));
    private static readonly ImageFacts Spherical = FactsOf(Photo(CameraProfile.Max()));
    private static readonly ImageFacts Empty = FactsOf([]);

    [Fact]
    public void A_clean_session_has_counts_and_no_warnings()
    {
        var checks = new SessionChecks();
        checks.Add("DCIM/100GOPRO/G0030095.JPG", Good);
        checks.Add("DCIM/100GOPRO/GS__0001.JPG", Spherical);

        var summary = checks.Summarize();

        Assert.Equal(2, summary.Images);
        Assert.Equal((1, 1), (summary.Spherical, summary.Flat));
        Assert.All(summary.Problems, t => Assert.Equal(0, t.Count));
        Assert.Empty(summary.Warnings);
        Assert.Equal(2, summary.ClocksCompared);
        Assert.Equal(TimeSpan.FromHours(2), summary.LowestUtcOffset);
        Assert.Equal(TimeSpan.FromHours(2), summary.HighestUtcOffset);
    }

    [Fact]
    public void Missing_GPS_is_counted_and_told_in_plain_words()
    {
        var checks = new SessionChecks();
        for (int i = 0; i < 228; i++)
            checks.Add($"DCIM/100GOPRO/G003{i:D4}.JPG", Good);
        for (int i = 0; i < 12; i++)
            checks.Add($"DCIM/101GOPRO/G004{i:D4}.JPG", NoGps);

        var summary = checks.Summarize();

        Assert.Equal(12, summary.Count(ImageProblem.NoGps));
        var warning = Assert.Single(summary.Warnings);
        Assert.StartsWith("12 of 240 images have no GPS position: Panoramax will reject them.", warning);
        Assert.EndsWith("For example: DCIM/101GOPRO/G0040000.JPG, DCIM/101GOPRO/G0040001.JPG, DCIM/101GOPRO/G0040002.JPG.", warning);
    }

    [Fact]
    public void Examples_are_capped_and_do_not_depend_on_arrival_order()
    {
        var checks = new SessionChecks(maxExamples: 20);
        foreach (int i in Enumerable.Range(0, 50).Reverse())
            checks.Add($"IMG{i:D2}.JPG", NoGps);

        var examples = checks.Summarize().Tally(ImageProblem.NoGps).Examples;

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"IMG{i:D2}.JPG"), examples);
    }

    [Fact]
    public void Each_problem_is_counted_and_worded()
    {
        var checks = new SessionChecks();
        checks.Add("good.JPG", Good);
        checks.Add("empty.JPG", Empty);
        checks.Add("png.JPG", FactsOf([0x89, 0x50, 0x4E, 0x47]));
        byte[] whole = Photo(CameraProfile.Hero6());
        checks.Add("cut.JPG", FactsOf(whole[..(whole.Length - 100)]));
        checks.Add("zero.JPG", AtZero);
        checks.Add("fast.JPG", FactsOf(Photo(CameraProfile.Hero10(), taken: Taken.AddMinutes(10))));

        var summary = checks.Summarize();

        Assert.Equal(6, summary.Images);
        Assert.Equal(1, summary.Count(ImageProblem.ZeroBytes));
        Assert.Equal(1, summary.Count(ImageProblem.NotJpeg));
        Assert.Equal(1, summary.Count(ImageProblem.Truncated));
        Assert.Equal(1, summary.Count(ImageProblem.GpsAtZero));
        Assert.Equal(1, summary.Count(ImageProblem.ClockSkew));
        Assert.Equal(0, summary.Count(ImageProblem.NoGps));            // the empty and foreign files are charged with their cause only
        Assert.Equal(0, summary.Count(ImageProblem.NoCaptureTime));
        Assert.Equal((0, 4), (summary.Spherical, summary.Flat));
        Assert.Equal(
        [
            "1 of 6 images is empty (0 bytes): there is no picture to import. For example: empty.JPG.",
            "1 of 6 images does not start like a JPEG picture: Panoramax cannot import it. For example: png.JPG.",
            "1 of 6 images is cut short (the picture data stops before its end marker): part of the picture is missing; check it before import. For example: cut.JPG.",
            "1 of 6 images has the position 0°, 0° (the camera had no satellite fix yet): that is not where it was taken; leave it out or correct the position before import. For example: zero.JPG.",
            "1 of 6 images was taken with a camera clock more than 2 min off GPS time, after allowing for the time zone (worst: 10 min ahead of GPS time). "
                + "It records sub-seconds (HERO10 and later), so Panoramax dates it by the camera clock and will misplace it in time. Set the camera's date and time. For example: fast.JPG.",
        ], summary.Warnings);
    }

    [Fact]
    public void Skew_threshold_is_configurable()
    {
        var fast = FactsOf(Photo(CameraProfile.Hero6(), taken: new DateTime(2024, 6, 12, 10, 16, 2)));   // 1 min fast

        var strict = new SessionChecks(TimeSpan.FromSeconds(30));
        var lenient = new SessionChecks();
        strict.Add("a.JPG", fast);
        lenient.Add("a.JPG", fast);

        Assert.Equal(1, strict.Summarize().Count(ImageProblem.ClockSkew));
        Assert.Contains("Panoramax dates it by GPS time", Assert.Single(strict.Summarize().Warnings));
        Assert.Equal(0, lenient.Summarize().Count(ImageProblem.ClockSkew));
    }

    [Fact]
    public void Capture_span_and_zone_change_within_a_session()
    {
        var checks = new SessionChecks();
        checks.Add("b.JPG", FactsOf(Photo(CameraProfile.Hero6(), taken: new DateTime(2024, 6, 12, 11, 0, 0), gps: Tours with { UtcTime = new DateTime(2024, 6, 12, 9, 0, 0, DateTimeKind.Utc) })));
        checks.Add("a.JPG", FactsOf(Photo(CameraProfile.Hero6(), taken: new DateTime(2024, 6, 12, 9, 0, 0), gps: Tours with { UtcTime = new DateTime(2024, 6, 12, 8, 0, 0, DateTimeKind.Utc) })));

        var summary = checks.Summarize();

        Assert.Equal(new DateTime(2024, 6, 12, 9, 0, 0), summary.FirstCapture);
        Assert.Equal(new DateTime(2024, 6, 12, 11, 0, 0), summary.LastCapture);
        Assert.Equal(TimeSpan.FromHours(1), summary.LowestUtcOffset);
        Assert.Equal(TimeSpan.FromHours(2), summary.HighestUtcOffset);
        Assert.Equal("The camera clocks imply different time zones in this session (UTC+01:00 to UTC+02:00): "
                     + "a clock was changed, or the cameras are set differently; check which is right.", Assert.Single(summary.Warnings));
    }

    [Fact]
    public void Many_threads_adding_at_once_lose_nothing()
    {
        var checks = new SessionChecks();
        ImageFacts[] kinds = [Good, NoGps, AtZero, Spherical, Empty];

        Parallel.For(0, 5000, i => checks.Add($"IMG{i:D5}.JPG", kinds[i % kinds.Length]));

        var summary = checks.Summarize();
        Assert.Equal(5000, summary.Images);
        Assert.Equal(1000, summary.Count(ImageProblem.NoGps));
        Assert.Equal(1000, summary.Count(ImageProblem.GpsAtZero));
        Assert.Equal(1000, summary.Count(ImageProblem.ZeroBytes));
        Assert.Equal((1000, 3000), (summary.Spherical, summary.Flat));
        Assert.Equal(20, summary.Tally(ImageProblem.NoGps).Examples.Count);
        Assert.Equal("IMG00001.JPG", summary.Tally(ImageProblem.NoGps).Examples[0]);
    }

    [Fact]
    public void Summary_is_written_as_one_JSON_object()
    {
        var checks = new SessionChecks();
        checks.Add("good.JPG", Good);
        checks.Add("nogps.JPG", NoGps);
        var summary = checks.Summarize();

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WritePropertyName("checks");
            summary.WriteTo(json);
            json.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        var root = document.RootElement.GetProperty("checks");
        Assert.Equal(2, root.GetProperty("images").GetInt32());
        Assert.Equal(0, root.GetProperty("spherical360").GetInt32());
        Assert.Equal(2, root.GetProperty("flat").GetInt32());
        Assert.Equal("2024-06-12T10:15:02.345", root.GetProperty("firstCapture").GetString());
        Assert.Equal(120, root.GetProperty("clock").GetProperty("skewThresholdSeconds").GetDouble());
        Assert.Equal(0.345, root.GetProperty("clock").GetProperty("largestSkewSeconds").GetDouble());
        Assert.Equal("+02:00", root.GetProperty("clock").GetProperty("lowestUtcOffset").GetString());
        var noGps = root.GetProperty("problems").GetProperty("noGps");
        Assert.Equal(1, noGps.GetProperty("count").GetInt32());
        Assert.Equal("nogps.JPG", noGps.GetProperty("examples")[0].GetString());
        Assert.Equal(8, root.GetProperty("problems").EnumerateObject().Count());
        Assert.Single(root.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public void An_empty_session_summarises_to_nothing_wrong()
    {
        var summary = new SessionChecks().Summarize();

        Assert.Equal(0, summary.Images);
        Assert.Null(summary.FirstCapture);
        Assert.Null(summary.LargestClockSkew);
        Assert.Empty(summary.Warnings);
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(47, "47 s")]
    [InlineData(120, "2 min")]
    [InlineData(609, "10 min 9 s")]
    [InlineData(4209, "1 h 10 min")]
    [InlineData(147 * 86400 + 47, "147 days")]
    [InlineData(86400 + 3600, "1 day 1 h")]
    public void Durations_read_like_people_say_them(int seconds, string expected)
    {
        Assert.Equal(expected, CheckWarnings.Duration(TimeSpan.FromSeconds(seconds)));
    }
}
