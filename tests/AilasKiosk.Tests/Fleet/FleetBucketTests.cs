using System.Text;
using System.Text.Json;
using AilasKiosk.Cli;
using AilasKiosk.Configuration;
using AilasKiosk.Fleet;
using AilasKiosk.Status;
using AilasKiosk.Storage;
using AilasKiosk.Tests.Daemon;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AilasKiosk.Tests.Fleet;

/// <summary>
/// Kiosk status in a real bucket (radosgw, which checks every signature): two kiosks publish, `fleet` lists both,
/// one falls silent as fake time passes, a slot problem shows; hostile objects beside them are reported, not trusted.
/// Each test has its own status prefix, so tests share the bucket without seeing each other's kiosks.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class FleetBucketTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    private KioskOptions Options(string kioskId, string prefix)
    {
        var options = new KioskSettings(_s3, "/tmp/unused-state", "C3471325208990", "FLEET").With("KioskId", kioskId)
            .With("Fleet:StatusPrefix", prefix).Bind();
        return options;
    }

    private static string NewPrefix() => $"_fleet{Guid.NewGuid():N}"[..14] + "/";

    private static async Task<(int Exit, string Output)> FleetAsync(IBucketDocuments bucket, string prefix, DateTimeOffset now, bool json = false)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await FleetCommand.RunAsync(bucket, prefix, json, FleetCommand.DefaultSilentAfter, FleetCommand.DefaultDays, new SteppedTime(now),
            output, errors, CancellationToken.None);
        Assert.Equal("", errors.ToString());
        return (exit, output.ToString());
    }

    /// <summary>The table row of one kiosk in `fleet`'s output.</summary>
    internal static string Line(string output, string id) => output.Split('\n').Single(l => l.StartsWith(id + " ", StringComparison.Ordinal));

    [Fact]
    public async Task Two_kiosks_publish_fleet_lists_both_marks_a_dead_one_silent_a_stopped_one_stopped_and_shows_a_slot_problem()
    {
        var prefix = NewPrefix();
        // The kiosks' clocks start ten minutes back, so that fake time can run to the present without running ahead of the server.
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        using var store = new MinioObjectStore(Options("kiosk-a", prefix).Storage);
        var timeA = new SteppedTime(t0);
        var timeB = new SteppedTime(t0);
        var statusA = new KioskStatus("kiosk-a", "1.4.0", timeA);
        var statusB = new KioskStatus("kiosk-b", "1.4.0", timeB);
        var ok = new HealthCheck(CheckState.Ok, "fine");
        statusA.SetHealth(new HealthReport(ok, ok, ok, t0));
        statusB.SetHealth(new HealthReport(ok, ok, ok, t0));
        statusA.AddSession(new RecentSession(t0.AddMinutes(-30), "s-a", "sda1", "AILAS-07", "C3471325208909", 312, 2_400_000_000, "Completed", null, 0, []));
        statusB.AddSession(new RecentSession(t0.AddMinutes(-20), "s-b", "sda1", null, "C9999999999999", 40, 300_000_000, "UnknownCamera",
            ProblemKind.UnknownCamera, 40, ["40 of 40 images have no GPS position"]));
        using var publisherA = new StatusPublisher(Options("kiosk-a", prefix), statusA, store, timeA, NullLogger<StatusPublisher>.Instance);
        using var publisherB = new StatusPublisher(Options("kiosk-b", prefix), statusB, store, timeB, NullLogger<StatusPublisher>.Instance);

        await publisherA.StartAsync(CancellationToken.None);
        await publisherB.StartAsync(CancellationToken.None);
        await timeA.NextTimerAsync(); // each has written once and waits for its minute
        var nextB = await timeB.NextTimerAsync();

        var (exit, output) = await FleetAsync(store, prefix, t0.AddSeconds(30));
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains(" ok ", Line(output, "kiosk-a"));
        Assert.Contains(" ok ", Line(output, "kiosk-b"));
        Assert.Contains("AILAS-07", output);
        Assert.Contains("1 unknown camera(s)", output);

        // kiosk-a dies (as with SIGKILL or a power cut: nothing more is written, its clock never moves again); kiosk-b goes
        // on for ten minutes of fake time.
        while (nextB < t0.AddMinutes(10))
        {
            timeB.RunTo(nextB);
            nextB = await timeB.NextTimerAsync();
        }
        (exit, output) = await FleetAsync(store, prefix, t0.AddMinutes(10).AddSeconds(1));
        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        Assert.Contains("SILENT", Line(output, "kiosk-a"));
        Assert.Contains("kiosk-a: silent for 10 min", output);
        Assert.Contains(" ok ", Line(output, "kiosk-b"));

        // kiosk-b holds a card: storage unreachable. Written once the gap has passed.
        var down = new HealthCheck(CheckState.Failing, "storage unreachable: Connection refused", ProblemKind.StorageUnreachable);
        statusB.SetHealth(new HealthReport(down, ok, ok, timeB.GetUtcNow()));
        await timeB.NextTimerAsync(); // woken by the change, waiting out the gap
        statusB.SetSlot(new SlotStatus("sda1", SlotPhase.Problem, timeB.GetUtcNow(), CameraLabel: "AILAS-07",
            Problem: new SlotProblem(ProblemKind.StorageUnreachable, "storage unreachable; the card is held, untouched", false)));
        await timeB.NextTimerAsync(); // the second change, the same write
        timeB.RunTo(timeB.GetUtcNow() + TimeSpan.FromSeconds(5));
        await timeB.NextTimerAsync();
        (exit, output) = await FleetAsync(store, prefix, timeB.GetUtcNow());
        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        Assert.Contains("ATTENTION", Line(output, "kiosk-b"));
        Assert.Contains("sda1 StorageUnreachable", Line(output, "kiosk-b"));
        Assert.Contains("kiosk-b: slot sda1: StorageUnreachable: storage unreachable; the card is held, untouched", output);

        var (_, json) = await FleetAsync(store, prefix, timeB.GetUtcNow(), json: true);
        var kiosks = JsonDocument.Parse(json).RootElement.GetProperty("kiosks").EnumerateArray().ToList();
        Assert.Equal(["kiosk-a", "kiosk-b"], kiosks.Select(k => k.GetProperty("id").GetString()));
        Assert.Equal(["Silent", "Attention"], kiosks.Select(k => k.GetProperty("verdict").GetString()));
        Console.WriteLine(output);

        // kiosk-b is stopped cleanly (systemctl stop, a shutdown): its last write says so, and fleet no longer lists its
        // storage and slot of that moment as problems.
        await publisherB.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        (exit, output) = await FleetAsync(store, prefix, timeB.GetUtcNow().AddMinutes(30));
        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        Assert.Contains("STOPPED", Line(output, "kiosk-b"));
        Assert.Contains("kiosk-b: stopped at ", output);
        Assert.DoesNotContain("kiosk-b: slot", output);
        Assert.Contains("SILENT", Line(output, "kiosk-a"));
        await publisherA.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Hostile_objects_beside_the_status_objects_are_reported_and_never_read_whole()
    {
        var prefix = NewPrefix();
        using var store = new MinioObjectStore(Options("kiosk-a", prefix).Storage);
        var now = DateTimeOffset.UtcNow;
        var status = new KioskStatus("kiosk a+b", "1.4.0", TimeProvider.System);
        await store.PutDocumentAsync($"{prefix}kiosk a+b/status.json", StatusObject.Of(status.Current, now).ToJson(), "application/json", CancellationToken.None);
        await _s3.PutAsync($"{prefix}huge/status.json", new byte[StatusObject.MaxBytes + 1]);
        await _s3.PutAsync($"{prefix}evil/status.json", Encoding.UTF8.GetBytes("\u001b]0;owned\u0007 not json"));
        await _s3.PutAsync($"{prefix}kiosk-c/other.json", "{}"u8.ToArray());

        var big = await store.GetDocumentAsync($"{prefix}huge/status.json", 1024, CancellationToken.None);
        Assert.True(big!.TooLarge);
        Assert.Empty(big.Body);
        Assert.Null(await store.GetDocumentAsync($"{prefix}nobody/status.json", 1024, CancellationToken.None));
        var listed = await store.ListAsync(prefix, 100, CancellationToken.None);
        Assert.Equal([$"{prefix}evil/status.json", $"{prefix}huge/status.json", $"{prefix}kiosk a+b/status.json", $"{prefix}kiosk-c/other.json"],
            listed.Select(o => o.Key));
        Assert.All(listed, o => Assert.True(o.LastModified > now.AddMinutes(-5)));

        var (exit, output) = await FleetAsync(store, prefix, now.AddSeconds(5));

        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        Assert.Contains(" ok ", Line(output, "kiosk a+b"));
        Assert.Contains("UNREADABLE", Line(output, "huge"));
        Assert.Contains("UNREADABLE", Line(output, "evil"));
        Assert.Contains($"huge: status object too large ({StatusObject.MaxBytes + 1} bytes", output);
        Assert.DoesNotContain("kiosk-c", output);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task A_listing_longer_than_a_page_is_followed_to_its_end()
    {
        var prefix = NewPrefix();
        using var store = new MinioObjectStore(Options("kiosk-a", prefix).Storage);
        // radosgw and MinIO give 1000 keys a page: 1003 makes a second page, and the continuation token is signed in the query.
        await Parallel.ForEachAsync(Enumerable.Range(0, 1003), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await store.PutDocumentAsync($"{prefix}k{i:0000}/x.json", "{}"u8.ToArray(), "application/json", ct));

        var listed = await store.ListAsync(prefix, 5000, CancellationToken.None);

        Assert.Equal(1003, listed.Count);
        Assert.Equal($"{prefix}k1002/x.json", listed[^1].Key);
        Assert.Equal(10, (await store.ListAsync(prefix, 10, CancellationToken.None)).Count);
    }
}
