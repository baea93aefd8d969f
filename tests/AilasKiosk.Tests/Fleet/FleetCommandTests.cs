using System.Text;
using System.Text.Json;
using AilasKiosk.Cli;
using AilasKiosk.Fleet;
using AilasKiosk.Status;
using AilasKiosk.Storage;
using AilasKiosk.Tests.Daemon;

namespace AilasKiosk.Tests.Fleet;

/// <summary>
/// `ailas-kiosk fleet` on a bucket in memory: the table, the JSON, the exit codes for cron, and status objects that
/// are broken or hostile (reported as such, never a crash, never printed raw).
/// </summary>
public class FleetCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);
    private static readonly HealthCheck Ok = new(CheckState.Ok, "fine");
    private static readonly HealthReport Healthy = new(Ok, Ok, Ok, Now);

    private static void Publish(MemoryBucket bucket, string id, DateTimeOffset writtenAt, HealthReport? health = null,
        IReadOnlyList<SlotStatus>? slots = null, IReadOnlyList<RecentSession>? sessions = null, bool stopping = false)
    {
        var snapshot = new KioskSnapshot(id, "1.4.0", 4242, writtenAt - TimeSpan.FromHours(3), writtenAt, slots ?? [], health ?? Healthy, null,
            "10.0.0.7", RecentSessions: sessions ?? []);
        bucket.Clock = () => writtenAt;
        bucket.Store($"_kiosks/{id}/status.json", StatusObject.Of(snapshot, writtenAt, stopping).ToJson());
    }

    private static async Task<(int Exit, string Output, string Errors)> Fleet(MemoryBucket bucket, bool json = false, TimeSpan? silentAfter = null, int days = 7)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await FleetCommand.RunAsync(bucket, "_kiosks/", json, silentAfter ?? FleetCommand.DefaultSilentAfter, days, new SteppedTime(Now),
            output, errors, CancellationToken.None);
        return (exit, output.ToString(), errors.ToString());
    }

    private static RecentSession Session(DateTimeOffset at, string? label, string serial, string outcome = "Completed", int quarantined = 0) =>
        new(at, "20261130-1200-ab", "sda1", label, serial, 312, 2_400_000_000, outcome, label is null ? ProblemKind.UnknownCamera : null, quarantined,
            ["3 of 312 images have no GPS position: Panoramax will reject them."]);

    [Fact]
    public async Task Healthy_kiosks_written_lately_exit_0_with_a_line_each_and_the_cameras_seen()
    {
        var bucket = new MemoryBucket();
        Publish(bucket, "kiosk-a", Now.AddSeconds(-40), sessions: [Session(Now.AddHours(-2), "AILAS-07", "C3471325208909")]);
        Publish(bucket, "kiosk-b", Now.AddSeconds(-10), sessions: [Session(Now.AddDays(-1), "AILAS-03", "C3471325208903")]);

        var (exit, output, _) = await Fleet(bucket);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("2 kiosk(s)", output);
        var kioskA = FleetBucketTests.Line(output, "kiosk-a");
        Assert.Contains(" ok ", kioskA);
        Assert.Contains("healthy", kioskA);
        Assert.Contains("40 s ago", kioskA);
        Assert.Contains("AILAS-07, 312 files, Completed", kioskA);
        Assert.Contains("AILAS-03", output);
        Assert.DoesNotContain("Needs attention", output);
    }

    [Fact]
    public async Task A_kiosk_silent_beyond_the_threshold_makes_the_fleet_exit_14()
    {
        var bucket = new MemoryBucket();
        Publish(bucket, "kiosk-a", Now.AddSeconds(-30));
        Publish(bucket, "kiosk-b", Now.AddMinutes(-7));

        var (exit, output, _) = await Fleet(bucket);
        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        Assert.Contains("SILENT", FleetBucketTests.Line(output, "kiosk-b"));
        Assert.Contains("kiosk-b: silent for 7 min", output);

        // The threshold is the caller's: ten minutes and kiosk-b is fine.
        Assert.Equal(ExitCodes.Ok, (await Fleet(bucket, silentAfter: TimeSpan.FromMinutes(10))).Exit);
    }

    [Fact]
    public async Task A_kiosk_stopped_cleanly_is_shown_stopped_not_silent_and_its_last_state_is_no_problem()
    {
        var bucket = new MemoryBucket();
        Publish(bucket, "kiosk-a", Now.AddSeconds(-30));
        var down = new HealthCheck(CheckState.Failing, "storage unreachable", ProblemKind.StorageUnreachable);
        Publish(bucket, "kiosk-b", Now.AddHours(-3), health: new HealthReport(down, Ok, Ok, Now), stopping: true,
            sessions: [Session(Now.AddHours(-4), "AILAS-07", "C3471325208909")]);

        var (exit, output, _) = await Fleet(bucket);

        Assert.Equal(ExitCodes.FleetNeedsAttention, exit); // it takes no cards: whoever watches the fleet should know
        var line = FleetBucketTests.Line(output, "kiosk-b");
        Assert.Contains("STOPPED", line);
        Assert.Contains("AILAS-07, 312 files, Completed", line);
        Assert.Contains("kiosk-b: stopped at 2026-11-30 11:00:00 UTC, cleanly", output);
        Assert.DoesNotContain("kiosk-b: silent", output);
        Assert.DoesNotContain("storage failing", output); // the state of a daemon going down, not a problem of the kiosk
        var report = JsonDocument.Parse((await Fleet(bucket, json: true)).Output).RootElement;
        var b = report.GetProperty("kiosks").EnumerateArray().Single(k => k.GetProperty("id").GetString() == "kiosk-b");
        Assert.Equal("Stopped", b.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_failing_check_or_a_slot_problem_is_shown_and_exits_14()
    {
        var bucket = new MemoryBucket();
        var down = new HealthCheck(CheckState.Failing, "storage unreachable: Connection refused", ProblemKind.StorageUnreachable);
        Publish(bucket, "kiosk-a", Now.AddSeconds(-5), health: Healthy with { Storage = down },
            slots: [new SlotStatus("sda1", SlotPhase.Problem, Now.AddMinutes(-3), CameraLabel: "AILAS-07",
                Problem: new SlotProblem(ProblemKind.StorageUnreachable, "storage unreachable; the card is held, untouched", false))]);

        var (exit, output, _) = await Fleet(bucket);

        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        var line = FleetBucketTests.Line(output, "kiosk-a");
        Assert.Contains("ATTENTION", line);
        Assert.Contains("storage FAILING", line);
        Assert.Contains("sda1 StorageUnreachable", line);
        Assert.Contains("kiosk-a: storage failing: storage unreachable: Connection refused", output);
        Assert.Contains("kiosk-a: slot sda1: StorageUnreachable: storage unreachable; the card is held, untouched", output);
    }

    [Fact]
    public async Task Cameras_seen_in_the_last_days_are_listed_the_unknown_ones_marked_older_ones_left_out()
    {
        var bucket = new MemoryBucket();
        Publish(bucket, "kiosk-a", Now.AddSeconds(-5), sessions:
        [
            Session(Now.AddHours(-1), null, "C9999999999999", "UnknownCamera", quarantined: 40),
            Session(Now.AddHours(-5), "AILAS-07", "C3471325208909"),
            Session(Now.AddDays(-10), "AILAS-01", "C3471325208901"),
        ]);
        Publish(bucket, "kiosk-b", Now.AddSeconds(-5), sessions: [Session(Now.AddHours(-3), "AILAS-07", "C3471325208909")]);

        var (_, json, _) = await Fleet(bucket, json: true);
        var report = JsonDocument.Parse(json).RootElement;
        var cameras = report.GetProperty("cameras").EnumerateArray().ToList();

        Assert.Equal(2, cameras.Count);
        Assert.Equal("AILAS-07", cameras[0].GetProperty("label").GetString());
        Assert.Equal(2, cameras[0].GetProperty("sessions").GetInt32());
        Assert.Equal("kiosk-b", cameras[0].GetProperty("lastKiosk").GetString());
        Assert.True(cameras[1].GetProperty("unknown").GetBoolean());
        Assert.Equal("C9999999999999", cameras[1].GetProperty("serial").GetString());

        var (_, text, _) = await Fleet(bucket);
        Assert.Contains("UNKNOWN", text);
        Assert.Contains("1 unknown camera(s)", text);
        Assert.DoesNotContain("AILAS-01", text);
        Assert.Contains("AILAS-01", (await Fleet(bucket, days: 30)).Output);
    }

    [Fact]
    public async Task The_json_says_the_same_as_the_table_and_carries_the_verdicts()
    {
        var bucket = new MemoryBucket();
        Publish(bucket, "kiosk-a", Now.AddSeconds(-5));
        Publish(bucket, "kiosk-b", Now.AddHours(-1));

        var (exit, json, _) = await Fleet(bucket, json: true);

        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        var kiosks = JsonDocument.Parse(json).RootElement.GetProperty("kiosks").EnumerateArray().ToList();
        Assert.Equal(["kiosk-a", "kiosk-b"], kiosks.Select(k => k.GetProperty("id").GetString()));
        Assert.Equal(["Ok", "Silent"], kiosks.Select(k => k.GetProperty("verdict").GetString()));
        Assert.Equal(3600, kiosks[1].GetProperty("silentSeconds").GetDouble());
        Assert.Equal("1.4.0", kiosks[0].GetProperty("version").GetString());
    }

    [Fact]
    public async Task No_kiosk_yet_is_said_plainly_and_exits_0()
    {
        var (exit, output, _) = await Fleet(new MemoryBucket());
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("No kiosk has written its status yet", output);
    }

    [Fact]
    public async Task Storage_down_is_the_storage_exit_code_with_one_line()
    {
        var bucket = new MemoryBucket { Failure = new StorageException(StorageFailure.Unreachable, "list _kiosks/: storage unreachable: Connection refused") };
        var (exit, output, errors) = await Fleet(bucket);
        Assert.Equal(ExitCodes.StorageUnreachable, exit);
        Assert.Equal("", output);
        Assert.Contains("Connection refused", errors);

        bucket.Failure = new StorageException(StorageFailure.AccessDenied, "list _kiosks/: access refused");
        Assert.Equal(ExitCodes.StorageRefused, (await Fleet(bucket)).Exit);
    }

    public static TheoryData<string, byte[], string> Hostile => new()
    {
        { "not-json", "<html>hello</html>"u8.ToArray(), "not a kiosk status object" },
        { "empty", [], "not a kiosk status object" },
        { "wrong-types", """{"schema":1,"uptimeSeconds":"long","kiosk":{"kioskId":42}}"""u8.ToArray(), "not a kiosk status object" },
        { "null-kiosk", """{"schema":1,"uptimeSeconds":1,"kiosk":null}"""u8.ToArray(), "not a kiosk status object" },
        { "future-schema", """{"schema":99,"uptimeSeconds":1,"kiosk":null}"""u8.ToArray(), "not a kiosk status object" },
        { "deep", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "not a kiosk status object" },
        { "huge", new byte[10 * 1024 * 1024], "too large (10485760 bytes" },
    };

    [Theory]
    [MemberData(nameof(Hostile), DisableDiscoveryEnumeration = true)] // a 10 MB byte[] serialised per element at discovery
    public async Task A_broken_status_object_is_reported_unreadable_and_the_others_still_shown(string id, byte[] body, string reason)
    {
        var bucket = new MemoryBucket();
        Publish(bucket, "kiosk-a", Now.AddSeconds(-5));
        bucket.Store($"_kiosks/{id}/status.json", body);

        var (exit, output, _) = await Fleet(bucket);

        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        Assert.Contains("UNREADABLE", output.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal)));
        Assert.Contains($"{id}: status object {reason}", output);
        Assert.Contains(" ok ", FleetBucketTests.Line(output, "kiosk-a"));
    }

    [Fact]
    public async Task A_status_object_claiming_another_kiosk_is_unreadable()
    {
        var bucket = new MemoryBucket();
        Publish(bucket, "kiosk-a", Now.AddSeconds(-5));
        bucket.Store("_kiosks/kiosk-b/status.json", bucket.Get("_kiosks/kiosk-a/status.json")!);

        var (_, output, _) = await Fleet(bucket);

        Assert.Contains("kiosk-b: status object names another kiosk ('kiosk-a') than its key", output);
    }

    [Fact]
    public async Task Control_characters_from_the_bucket_never_reach_the_terminal_raw()
    {
        var bucket = new MemoryBucket();
        const string evil = "\u001b]0;owned\u0007\u001b[2J\r\u202e";
        var down = new HealthCheck(CheckState.Failing, "disk " + evil, ProblemKind.KioskDiskFull);
        Publish(bucket, "kiosk-a", Now.AddSeconds(-5), health: Healthy with { Disk = down },
            slots: [new SlotStatus("sd" + evil, SlotPhase.Problem, Now, CameraLabel: "L" + evil, Problem: new SlotProblem(ProblemKind.PartialFailure, "m" + evil, true))],
            sessions: [Session(Now.AddHours(-1), "AILAS" + evil, "C1" + evil)]);
        bucket.Store("_kiosks/id\u001b[31mred/status.json", Encoding.UTF8.GetBytes("\u001b[2J not json"));

        foreach (var json in new[] { false, true })
        {
            var (exit, output, _) = await Fleet(bucket, json);
            Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
            var raw = output.Where(c => char.IsControl(c) && c != '\n' || c is '\u202e').ToList();
            Assert.True(raw.Count == 0, $"raw control characters in the {(json ? "JSON" : "table")}: {string.Join(' ', raw.Select(c => $"U+{(int)c:X4}"))}");
            Assert.Contains(json ? "\\u001B" : "\\u001b", output);
        }
    }

    [Theory]
    [InlineData("300", 300)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("5min", 300)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1.5m", 90)]
    public void Silent_after_takes_seconds_or_a_unit(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), FleetCommand.ParseDuration(text));

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5m")]
    [InlineData("5 weeks")]
    [InlineData("400d")]
    public void Silent_after_refuses_what_is_not_a_duration(string text) => Assert.Null(FleetCommand.ParseDuration(text));

    [Fact]
    public void Silent_after_defaults_to_five_minutes() => Assert.Equal(TimeSpan.FromMinutes(5), FleetCommand.ParseDuration(null));
}
