using System.Text;
using AilasKiosk.Cli;
using AilasKiosk.Configuration;
using AilasKiosk.Identify;
using AilasKiosk.Storage;
using AilasKiosk.Tests.Fleet;
using AilasKiosk.Tests.Infrastructure;
using AilasKiosk.Tests.Notify;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Tests.Identify;

/// <summary>
/// The shared camera registry in the bucket: what a document may hold, how it joins this kiosk's cameras, and how the
/// kiosk keeps its last good copy through refused documents, storage outages and restarts. The bucket here is the
/// in-memory one; the daemon against radosgw is in Daemon/SharedRegistryDaemonTests.
/// </summary>
public class SharedRegistryTests
{
    private const string Key = "_kiosk/cameras.json";

    private static byte[] Doc(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void A_document_gives_each_serial_its_label()
    {
        var cameras = SharedCameraList.Parse(Doc("""{"Cameras": {"C3471325208909": "AILAS-07", "C3441326599999": "AILAS-11"}}"""));
        Assert.Equal("AILAS-07", cameras["c3471325208909"]);
        Assert.Equal(2, cameras.Count);
        Assert.Equal(cameras, SharedCameraList.Parse(SharedCameraList.Serialize(cameras)));
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("""["C3471325208909", "AILAS-07"]""", "not an object")]
    [InlineData("""{"Cameras": ["AILAS-07"]}""", "not an object")]
    [InlineData("""{"Cameras": {"C3471325208909": 7}}""", "not a string")]
    [InlineData("""{"Cameras": {"C3471325208909": {"Label": "AILAS-07"}}}""", "not a string")]
    [InlineData("""{"Cameras": {"C3471325208909": "../AILAS-07"}}""", "is not a label")]
    [InlineData("""{"Cameras": {"C3471325208909": "AILAS/07"}}""", "is not a label")]
    [InlineData("""{"Cameras": {"C3471325208909": ".."}}""", "is not a label")]
    [InlineData("""{"Cameras": {"C3471325208909": "_kiosks"}}""", "is not a label")]
    [InlineData("""{"Cameras": {"C3471325208909": "AILAS\u001b[2J07"}}""", "is not a label")]
    [InlineData("""{"Cameras": {"C3471325208909": ""}}""", "is not a label")]
    [InlineData("""{"Cameras": {"c3471325208909": "AILAS-07"}}""", "is not a camera serial")]
    [InlineData("""{"Cameras": {"C347/../1325": "AILAS-07"}}""", "is not a camera serial")]
    public void A_hostile_or_malformed_document_is_refused_whole_with_the_reason(string json, string reason)
    {
        var refused = Assert.Throws<InvalidDataException>(() => SharedCameraList.Parse(Doc(json)));
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', refused.Message); // the reason is logged: no escape sequence reaches a terminal
    }

    [Fact]
    public void Ten_megabytes_and_bytes_that_are_not_UTF8_are_refused()
    {
        Assert.Contains("more than", Assert.Throws<InvalidDataException>(() => SharedCameraList.Parse(new byte[10 << 20])).Message);
        Assert.Contains("UTF-8", Assert.Throws<InvalidDataException>(() =>
            SharedCameraList.Parse([.. Doc("""{"Cameras": {"C3471325208909": "AILAS"""), 0xff, .. Doc("\"}}")])).Message);
    }

    [Fact]
    public void The_kiosks_own_entry_wins_over_the_shared_one_and_the_shared_one_fills_the_gaps()
    {
        var logs = new CapturedLogs();
        var registry = new CameraRegistry(new Dictionary<string, string> { ["C3471325208909"] = "MINE-07" }, log: new Logger<CameraRegistry>(logs));
        registry.ApplyShared(new Dictionary<string, string> { ["C3471325208909"] = "AILAS-07", ["C3441326599999"] = "AILAS-11" });
        Assert.Equal("MINE-07", registry["C3471325208909"]);
        Assert.Equal("AILAS-11", registry["C3441326599999"]);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("AILAS-07 in the shared registry but MINE-07 on this kiosk", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Message.Contains("C3441326599999 is now AILAS-11 (shared registry)", StringComparison.Ordinal));

        registry.ApplyShared(new Dictionary<string, string>());
        Assert.False(registry.ContainsKey("C3441326599999"));
        Assert.Equal("MINE-07", registry["C3471325208909"]);
    }

    [Fact]
    public async Task A_refused_document_and_a_storage_outage_leave_the_last_good_registry_in_force_and_a_restart_starts_from_its_copy()
    {
        using var state = new TempDirectory();
        var bucket = new MemoryBucket();
        var logs = new CapturedLogs();
        var (registry, sync) = Kiosk(state.Path, bucket, logs);
        await sync.SyncAsync(CancellationToken.None);
        Assert.Contains(logs.Lines, l => l.Message.Contains("is not in the bucket", StringComparison.Ordinal));
        Assert.Empty(registry);

        bucket.Store(Key, Doc("""{"Cameras": {"C3441326599999": "AILAS-11"}}"""));
        await sync.SyncAsync(CancellationToken.None);
        Assert.Equal("AILAS-11", registry["C3441326599999"]);
        Assert.True(File.Exists(sync.CopyPath));

        foreach (var hostile in new[] { Doc("""{"Cameras": {"C3441326599999": "../../etc"}}"""), new byte[10 << 20], Doc("{") })
        {
            bucket.Store(Key, hostile);
            await sync.SyncAsync(CancellationToken.None);
            Assert.Equal("AILAS-11", registry["C3441326599999"]);
        }
        Assert.Equal(3, logs.Lines.Count(l => l.Level == LogLevel.Error && l.Message.Contains("refused", StringComparison.Ordinal)
                                              && l.Message.Contains("the last good one (1 cameras) stays in force", StringComparison.Ordinal)));
        Assert.Equal("AILAS-11", SharedCameraList.Parse(File.ReadAllBytes(sync.CopyPath))["C3441326599999"]);

        // The kiosk restarts with the storage down: the copy says what it knew.
        bucket.Failure = new StorageException(StorageFailure.Unreachable, "get: storage unreachable: Connection refused");
        var (restarted, again) = Kiosk(state.Path, bucket, logs);
        again.LoadCopy();
        await again.SyncAsync(CancellationToken.None);
        Assert.Equal("AILAS-11", restarted["C3441326599999"]);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("cannot be read", StringComparison.Ordinal));
        Assert.Equal("AILAS-11", SharedRegistrySync.ReadCopy(state.Path)["C3441326599999"]); // what `identify` uses
    }

    [Fact]
    public async Task A_storage_that_hangs_costs_one_bounded_read()
    {
        using var state = new TempDirectory();
        var (registry, sync) = Kiosk(state.Path, new MemoryBucket { Hang = true }, new CapturedLogs());
        sync.ReadTimeout = TimeSpan.FromMilliseconds(200);
        var read = sync.SyncAsync(CancellationToken.None);
        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))));
        await read;
        Assert.Empty(registry);
    }

    [Fact]
    public async Task Cameras_add_shared_writes_the_registry_refuses_a_relabel_without_force_and_never_builds_on_a_hostile_one()
    {
        var bucket = new MemoryBucket();
        var options = new RegistryOptions();
        var (output, errors) = (new StringWriter(), new StringWriter());
        Assert.Equal(ExitCodes.Ok, await SharedCamerasCommand.AddAsync(bucket, options, "c3441326599999", "AILAS-11", false, output, errors, CancellationToken.None));
        Assert.Equal(ExitCodes.Ok, await SharedCamerasCommand.AddAsync(bucket, options, "C3471325208909", "AILAS-07", false, output, errors, CancellationToken.None));
        var stored = SharedCameraList.Parse(bucket.Get(Key)!);
        Assert.Equal(("AILAS-11", "AILAS-07"), (stored["C3441326599999"], stored["C3471325208909"]));

        Assert.Equal(ExitCodes.Configuration, await SharedCamerasCommand.AddAsync(bucket, options, "C3441326599999", "AILAS-12", false, output, errors, CancellationToken.None));
        Assert.Contains("already AILAS-11", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, await SharedCamerasCommand.AddAsync(bucket, options, "C3441326599999", "_kiosks", true, output, errors, CancellationToken.None));
        Assert.Equal(ExitCodes.Ok, await SharedCamerasCommand.AddAsync(bucket, options, "C3441326599999", "AILAS-12", true, output, errors, CancellationToken.None));
        Assert.Equal("AILAS-12", SharedCameraList.Parse(bucket.Get(Key)!)["C3441326599999"]);

        var listed = new StringWriter();
        Assert.Equal(ExitCodes.Ok, await SharedCamerasCommand.ListAsync(bucket, options, json: false, listed, errors, CancellationToken.None));
        Assert.Matches(@"AILAS-07\s+C3471325208909", listed.ToString());

        bucket.Store(Key, Doc("""{"Cameras": {"C3441326599999": "a/../b"}}"""));
        Assert.Equal(ExitCodes.Configuration, await SharedCamerasCommand.AddAsync(bucket, options, "C3471325208909", "AILAS-07", false, output, errors, CancellationToken.None));
        Assert.Contains("is refused", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("a/../b", Encoding.UTF8.GetString(bucket.Get(Key)!), StringComparison.Ordinal); // left as it was, for a person to look at
    }

    [Fact]
    public async Task Two_maintainers_adding_at_the_same_moment_both_get_their_camera()
    {
        var bucket = new MemoryBucket();
        var options = new RegistryOptions();
        var (output, errors) = (new StringWriter(), new StringWriter());
        // The other maintainer's `cameras add` lands between this one's read and write, once.
        var other = true;
        bucket.BeforeReplace = key =>
        {
            if (!other) return;
            other = false;
            bucket.Store(key, SharedCameraList.Serialize(new Dictionary<string, string> { ["C3441326599999"] = "AILAS-11" }));
        };

        Assert.Equal(ExitCodes.Ok, await SharedCamerasCommand.AddAsync(bucket, options, "C3471325208909", "AILAS-07", false, output, errors, CancellationToken.None));

        var stored = SharedCameraList.Parse(bucket.Get(Key)!);
        Assert.Equal(("AILAS-11", "AILAS-07", 2), (stored["C3441326599999"], stored["C3471325208909"], stored.Count));
        Assert.Contains("was changed by someone else meanwhile; reading it again to add C3471325208909", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 cameras", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_that_keeps_changing_under_the_command_is_never_overwritten_and_the_command_says_so()
    {
        var bucket = new MemoryBucket();
        bucket.Store(Key, SharedCameraList.Serialize(new Dictionary<string, string> { ["C3441326599999"] = "AILAS-11" }));
        var writes = 0;
        bucket.BeforeReplace = key => bucket.Store(key, SharedCameraList.Serialize(new Dictionary<string, string> { ["C3441326599999"] = $"AILAS-{++writes}" }));
        var (output, errors) = (new StringWriter(), new StringWriter());

        var exit = await SharedCamerasCommand.AddAsync(bucket, new RegistryOptions(), "C3471325208909", "AILAS-07", false, output, errors, CancellationToken.None);

        Assert.Equal(ExitCodes.StorageUnreachable, exit);
        Assert.Equal(SharedCamerasCommand.MaxAttempts, writes);
        Assert.Equal(new Dictionary<string, string> { ["C3441326599999"] = $"AILAS-{writes}" }, SharedCameraList.Parse(bucket.Get(Key)!));
        Assert.Contains($"was changed by someone else {SharedCamerasCommand.MaxAttempts} times", errors.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    private static (CameraRegistry Registry, SharedRegistrySync Sync) Kiosk(string stateDirectory, IBucketDocuments bucket, CapturedLogs logs)
    {
        var options = new KioskOptions { State = { Directory = stateDirectory } };
        var registry = new CameraRegistry(new Dictionary<string, string>(), log: new Logger<CameraRegistry>(logs));
        return (registry, new SharedRegistrySync(options, registry, bucket, TimeProvider.System, new Logger<SharedRegistrySync>(logs)));
    }
}
