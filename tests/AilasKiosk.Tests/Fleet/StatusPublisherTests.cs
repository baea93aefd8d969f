using System.Text;
using AilasKiosk.Configuration;
using AilasKiosk.Fleet;
using AilasKiosk.Status;
using AilasKiosk.Storage;
using AilasKiosk.Tests.Daemon;
using AilasKiosk.Tests.Notify;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AilasKiosk.Tests.Fleet;

/// <summary>
/// The daemon's status object in the bucket, in fake time: written at start, after changes of state (coalesced), every
/// minute otherwise; a storage that fails or hangs costs a log line, never the status model's pace.
/// </summary>
public class StatusPublisherTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private const string Key = "_kiosks/kiosk-07/status.json";

    private static KioskOptions Options() => new() { KioskId = "kiosk-07" };

    private static SlotStatus Slot(SlotPhase phase, DateTimeOffset at, SlotProblem? problem = null) =>
        new("sda1", phase, at, CameraLabel: "AILAS-07", Problem: problem);

    [Fact]
    public async Task It_writes_at_start_then_a_change_once_the_gap_has_passed_and_a_burst_as_one_write()
    {
        var time = new SteppedTime(Start);
        var status = new KioskStatus("kiosk-07", "1.2.3", time);
        var bucket = new MemoryBucket();
        using var publisher = new StatusPublisher(Options(), status, bucket, time, NullLogger<StatusPublisher>.Instance);

        await publisher.StartAsync(CancellationToken.None);
        var minute = await time.NextTimerAsync(); // parked after the first write, until the minute
        Assert.Single(bucket.Puts);
        Assert.Equal(Start + TimeSpan.FromSeconds(60), minute);
        var first = StatusObject.Parse(bucket.Get(Key), out var error);
        Assert.True(first is not null, error);
        Assert.Equal("kiosk-07", first.Kiosk.KioskId);
        Assert.Equal(Start, first.Kiosk.WrittenAt);

        time.RunTo(Start + TimeSpan.FromSeconds(2));
        status.SetSlot(Slot(SlotPhase.CardDetected, time.GetUtcNow()));
        var due = await time.NextTimerAsync();
        Assert.Equal(Start + TimeSpan.FromSeconds(5), due); // the gap since the first write
        status.SetSlot(Slot(SlotPhase.Identifying, time.GetUtcNow())); // inside the gap: same write
        due = await time.NextTimerAsync();
        Assert.Equal(Start + TimeSpan.FromSeconds(5), due);
        Assert.Single(bucket.Puts);

        time.RunTo(due);
        var parked = await time.NextTimerAsync();
        Assert.Equal(2, bucket.Puts.Count);
        Assert.Equal(due + TimeSpan.FromSeconds(60), parked);
        var second = StatusObject.Parse(bucket.Get(Key), out _)!;
        Assert.Equal(SlotPhase.Identifying, Assert.Single(second.Kiosk.Slots).Phase);

        await publisher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Progress_alone_waits_for_the_minute_and_an_idle_kiosk_writes_every_minute()
    {
        var time = new SteppedTime(Start);
        var status = new KioskStatus("kiosk-07", "1.2.3", time);
        status.SetSlot(Slot(SlotPhase.Uploading, Start));
        var bucket = new MemoryBucket();
        using var publisher = new StatusPublisher(Options(), status, bucket, time, NullLogger<StatusPublisher>.Instance);

        await publisher.StartAsync(CancellationToken.None);
        var due = await time.NextTimerAsync();
        for (var i = 0; i < 50; i++) // progress: the same phase, other numbers
            status.UpdateSlot("sda1", s => s with { Progress = new SlotProgress(i, 50, i * 1000L, 50_000, 12.5, null) });
        Assert.Single(bucket.Puts);

        for (var minute = 1; minute <= 3; minute++)
        {
            Assert.Equal(Start + TimeSpan.FromMinutes(minute), due);
            time.RunTo(due);
            due = await time.NextTimerAsync();
            Assert.Equal(minute + 1, bucket.Puts.Count);
        }
        var last = StatusObject.Parse(bucket.Get(Key), out _)!;
        Assert.Equal(49, last.Kiosk.Slots[0].Progress!.FilesDone);
        Assert.Equal(180, last.UptimeSeconds);
        await publisher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_health_change_and_a_session_that_ended_are_written_soon()
    {
        var time = new SteppedTime(Start);
        var status = new KioskStatus("kiosk-07", "1.2.3", time);
        var bucket = new MemoryBucket();
        using var publisher = new StatusPublisher(Options(), status, bucket, time, NullLogger<StatusPublisher>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        await time.NextTimerAsync();

        var down = new HealthCheck(CheckState.Failing, "storage unreachable", ProblemKind.StorageUnreachable);
        var ok = new HealthCheck(CheckState.Ok, "fine");
        status.SetHealth(new HealthReport(down, ok, ok, Start));
        await time.RunToNextTimerAsync(); // the 5 s gap
        await time.NextTimerAsync();
        Assert.Equal(CheckState.Failing, StatusObject.Parse(bucket.Get(Key), out _)!.Kiosk.Health.Storage.State);

        status.AddSession(new RecentSession(time.GetUtcNow(), "s1", "sda1", "AILAS-07", "C1", 12, 1_000_000, "Completed", null, 0, ["2 of 12 images have no GPS position"]));
        await time.RunToNextTimerAsync();
        await time.NextTimerAsync();
        var written = StatusObject.Parse(bucket.Get(Key), out _)!;
        Assert.Equal("AILAS-07", Assert.Single(written.Kiosk.RecentSessions!).CameraLabel);
        Assert.Equal(3, bucket.Puts.Count);
        await publisher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Storage_down_is_one_log_line_and_the_next_tick_writes_again()
    {
        var time = new SteppedTime(Start);
        var status = new KioskStatus("kiosk-07", "1.2.3", time);
        var bucket = new MemoryBucket { Failure = new StorageException(StorageFailure.Unreachable, "put: storage unreachable: Connection refused") };
        var logs = new CapturedLogs();
        using var publisher = new StatusPublisher(Options(), status, bucket, time, new Logger<StatusPublisher>(logs));

        await publisher.StartAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
            await time.RunToNextTimerAsync(); // three minutes of failing writes
        var due = await time.NextTimerAsync();
        Assert.Equal(4, bucket.Puts.Count);
        Assert.Null(bucket.Get(Key));
        Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("not written", StringComparison.Ordinal));

        bucket.Failure = null;
        time.RunTo(due);
        await time.NextTimerAsync();
        Assert.NotNull(bucket.Get(Key));
        Assert.True(logs.Has(LogLevel.Information, "written to _kiosks/kiosk-07/status.json again"));
        await publisher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_clean_stop_writes_one_last_status_marked_stopped()
    {
        var time = new SteppedTime(Start);
        var status = new KioskStatus("kiosk-07", "1.2.3", time);
        var bucket = new MemoryBucket();
        var logs = new CapturedLogs();
        using var publisher = new StatusPublisher(Options(), status, bucket, time, new Logger<StatusPublisher>(logs));
        await publisher.StartAsync(CancellationToken.None);
        time.RunTo(await time.NextTimerAsync()); // a minute on
        await time.NextTimerAsync();
        Assert.Null(StatusObject.Parse(bucket.Get(Key), out _)!.StoppedAt);

        await publisher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, bucket.Puts.Count);
        var last = StatusObject.Parse(bucket.Get(Key), out var error);
        Assert.True(last is not null, error);
        Assert.Equal(Start + TimeSpan.FromMinutes(1), last.StoppedAt);
        Assert.True(logs.Has(LogLevel.Information, "marked stopped"));
    }

    [Fact]
    public async Task A_stop_while_the_storage_fails_tries_no_last_write()
    {
        var time = new SteppedTime(Start);
        var status = new KioskStatus("kiosk-07", "1.2.3", time);
        var bucket = new MemoryBucket { Failure = new StorageException(StorageFailure.Unreachable, "put: storage unreachable: Connection refused") };
        using var publisher = new StatusPublisher(Options(), status, bucket, time, NullLogger<StatusPublisher>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        await time.NextTimerAsync(); // the first write failed; parked until the next tick

        bucket.Failure = null; // were it tried, it would be taken
        await publisher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(bucket.Puts);
        Assert.Null(bucket.Get(Key));
    }

    [Fact]
    public async Task A_storage_that_hangs_never_holds_up_the_status_model_and_the_stop()
    {
        var time = new SteppedTime(Start);
        var status = new KioskStatus("kiosk-07", "1.2.3", time);
        var bucket = new MemoryBucket { Hang = true };
        using var publisher = new StatusPublisher(Options(), status, bucket, time, NullLogger<StatusPublisher>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (bucket.Puts.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(10); // polling a condition, bounded: the write has begun (and hangs)
        Assert.Single(bucket.Puts);

        // The offload's threads change the model while the write hangs: each change returns at once.
        var changes = Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
                status.SetSlot(Slot(i % 2 == 0 ? SlotPhase.Uploading : SlotPhase.Verifying, Start));
        });
        await changes.WaitAsync(TimeSpan.FromSeconds(10));

        await publisher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(bucket.Puts);
    }

    [Fact]
    public void The_signature_ignores_progress_and_wording_but_not_phases_problems_or_sessions()
    {
        var time = new SteppedTime(Start);
        var status = new KioskStatus("kiosk-07", "1.2.3", time);
        status.SetSlot(Slot(SlotPhase.Uploading, Start));
        var before = StatusPublisher.SignatureOf(status.Current);

        status.UpdateSlot("sda1", s => s with { Progress = new SlotProgress(3, 10, 3, 10, 1, null) });
        status.SetHealth(status.Current.Health with { Disk = new HealthCheck(CheckState.Unknown, "12345 MB free") });
        Assert.Equal(before, StatusPublisher.SignatureOf(status.Current));

        status.SetSlot(Slot(SlotPhase.Problem, Start, new SlotProblem(ProblemKind.StorageFull, "full", false)));
        Assert.NotEqual(before, StatusPublisher.SignatureOf(status.Current));
    }

    [Fact]
    public void The_last_ten_sessions_are_kept_newest_first_with_their_warnings_bounded()
    {
        var status = new KioskStatus("kiosk-07", "1.2.3", new SteppedTime(Start));
        for (var i = 0; i < 15; i++)
            status.AddSession(new RecentSession(Start.AddMinutes(i), $"s{i}", "sda1", "AILAS-07", "C1", i, i, "Completed", null, 0,
                RecentSession.Bounded(Enumerable.Repeat(new string('w', 1000), 30))));

        var kept = status.Current.RecentSessions!;
        Assert.Equal(10, kept.Count);
        Assert.Equal("s14", kept[0].Session);
        Assert.Equal("s5", kept[^1].Session);
        Assert.Equal(10, kept[0].Warnings.Count);
        Assert.All(kept[0].Warnings, w => Assert.Equal(300, w.Length));
        Assert.True(Encoding.UTF8.GetByteCount(Encoding.UTF8.GetString(StatusObject.Of(status.Current, Start).ToJson())) < StatusObject.MaxBytes);
    }
}
