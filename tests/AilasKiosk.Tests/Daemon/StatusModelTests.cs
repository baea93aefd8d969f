using AilasKiosk.Configuration;
using AilasKiosk.Daemon;
using AilasKiosk.Health;
using AilasKiosk.Identify;
using AilasKiosk.Journal;
using AilasKiosk.Offload;
using AilasKiosk.Status;
using AilasKiosk.Storage;

namespace AilasKiosk.Tests.Daemon;

/// <summary>The pieces between the engine and the crew: clock judgement, progress, outcome → slot, the status file.</summary>
public class StatusModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Time that moves only when told: progress rates and timestamps become exact.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
        public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(_ticks);
        public override long GetTimestamp() => _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(299, true)]
    [InlineData(-299, true)]
    [InlineData(301, false)]
    [InlineData(-3600, false)]
    public void The_clock_is_judged_against_the_storage_servers(int skewSeconds, bool ok)
    {
        var check = ClockCheck.Evaluate(Now, Now.AddSeconds(-skewSeconds), new HealthOptions { MaxClockSkewSeconds = 300 });
        Assert.Equal(ok, check.IsOk);
        Assert.Equal(ok ? null : ProblemKind.WaitingForClock, check.Problem);
        if (!ok)
            Assert.Contains(skewSeconds > 0 ? "ahead of" : "behind", check.Detail);
    }

    [Fact]
    public void A_clock_in_the_past_waits_even_without_a_server_to_compare_with()
    {
        var options = new HealthOptions();
        var boot = new DateTimeOffset(1970, 1, 1, 0, 0, 5, TimeSpan.Zero);
        Assert.Equal(ProblemKind.WaitingForClock, ClockCheck.Evaluate(boot, null, options).Problem);
        Assert.Contains("not synchronised", ClockCheck.Evaluate(boot, null, options).Detail);
        var plausible = ClockCheck.Evaluate(Now, null, options);
        Assert.True(plausible.IsOk);
        Assert.Contains("not compared", plausible.Detail);
    }

    [Fact]
    public void Progress_counts_files_and_bytes_and_gives_a_rate_and_an_eta_once_there_is_enough_data()
    {
        var clock = new ManualClock(Now);
        var status = new KioskStatus("k", "1", clock);
        status.SetSlot(new SlotStatus("loop0", SlotPhase.Identifying, Now));
        var observer = new SlotProgressObserver(status, "loop0", clock);

        observer.Planned("s", new CameraIdentity("C1", "AILAS-07", "HERO10 Black", "H21", "version.txt"), 4, 40_000_000);
        observer.StageChanged(OffloadStage.Uploading);
        clock.Advance(TimeSpan.FromSeconds(1));
        observer.FileVerified("DCIM/100GOPRO/G1.JPG", 1_000_000);
        var early = status.Current.Slots[0];
        Assert.Equal((SlotPhase.Uploading, "AILAS-07", "C1"), (early.Phase, early.CameraLabel, early.CameraSerial));
        Assert.Equal((1, 4, 1_000_000L, 40_000_000L), (early.Progress!.FilesDone, early.Progress.FilesTotal, early.Progress.BytesDone, early.Progress.BytesTotal));
        Assert.Null(early.Progress.MegabytesPerSecond); // 1 MB says nothing yet

        clock.Advance(TimeSpan.FromSeconds(1));
        observer.FileVerified("DCIM/100GOPRO/G2.JPG", 9_000_000);
        var later = status.Current.Slots[0].Progress!;
        Assert.Equal(5.0, later.MegabytesPerSecond); // 10 MB in 2 s
        Assert.Equal(TimeSpan.FromSeconds(6), later.Eta); // 30 MB left at 5 MB/s

        observer.StageChanged(OffloadStage.Wiping);
        Assert.Equal(SlotPhase.Wiping, status.Current.Slots[0].Phase);
    }

    private static OffloadReport Report(OffloadOutcome outcome, int wiped = 0, int failed = 0, StorageFailure? failure = null) =>
        new(outcome, "s", "C1", "AILAS-07", 10, 10, 0, 10, wiped, failed, 1000, 1, null, "message", []) { StorageFailure = failure };

    [Fact]
    public void Each_outcome_becomes_done_or_a_distinct_problem_that_says_whether_the_card_changed()
    {
        Assert.Null(OutcomeMapping.ProblemOf(Report(OffloadOutcome.Completed, wiped: 10), isCameraCard: true));
        Assert.Null(OutcomeMapping.ProblemOf(Report(OffloadOutcome.NothingToDo), isCameraCard: true));
        Assert.Equal(ProblemKind.NotACameraCard, OutcomeMapping.ProblemOf(Report(OffloadOutcome.NothingToDo), isCameraCard: false)!.Kind);
        Assert.Equal((ProblemKind.PartialFailure, true, "3 of 10 files"),
            OutcomeMapping.ProblemOf(Report(OffloadOutcome.Partial, wiped: 7, failed: 3), true) is { } p ? (p.Kind, p.CardChanged, p.Detail) : default);
        Assert.Equal(ProblemKind.StorageFull, OutcomeMapping.ProblemOf(Report(OffloadOutcome.StorageRefused, failure: StorageFailure.Full), true)!.Kind);
        Assert.Equal(ProblemKind.StorageRefused, OutcomeMapping.ProblemOf(Report(OffloadOutcome.StorageRefused, failure: StorageFailure.AccessDenied), true)!.Kind);
        var unreachable = OutcomeMapping.ProblemOf(Report(OffloadOutcome.StorageUnreachable), true)!;
        Assert.Equal((ProblemKind.StorageUnreachable, false), (unreachable.Kind, unreachable.CardChanged));
        Assert.Equal((ProblemKind.UnknownCamera, "C1"), OutcomeMapping.ProblemOf(Report(OffloadOutcome.UnknownCamera), true) is { } u ? (u.Kind, u.Detail) : default);
        Assert.Equal(ProblemKind.CardReadError, OutcomeMapping.ProblemOf(Report(OffloadOutcome.CardUnreadable), true)!.Kind);
        var left = OutcomeMapping.ProblemOf(Report(OffloadOutcome.LeftOnCard, wiped: 10) with
        {
            Left = [new("DCIM/100GOPRO/LINK.JPG", "symbolic link; not followed"), new("DCIM/100GOPRO/PIPE.JPG", "not a regular file")],
        }, true)!;
        Assert.Equal((ProblemKind.PhotosLeftOnCard, true, "2 photos"), (left.Kind, left.CardChanged, left.Detail));
        var folder = OutcomeMapping.ProblemOf(Report(OffloadOutcome.LeftOnCard) with { Left = [new("DCIM/a/b/c/d/e", "folder nested too deep", IsFolder: true)] }, true)!;
        Assert.Equal(("1 item", false), (folder.Detail, folder.CardChanged));
    }

    [Fact]
    public async Task Waiting_for_a_state_completes_on_the_change_that_brings_it_and_not_before()
    {
        var status = new KioskStatus("k", "1", new ManualClock(Now));
        var waiting = status.WaitUntilAsync(s => s.Health.Storage.IsOk, CancellationToken.None);
        status.SetSlot(new SlotStatus("loop0", SlotPhase.Ready, Now));
        Assert.False(waiting.IsCompleted);
        status.SetHealth(new HealthReport(new HealthCheck(CheckState.Ok, "fine"), HealthCheck.NotYet, HealthCheck.NotYet, Now));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        using var cancel = new CancellationTokenSource();
        var never = status.WaitUntilAsync(s => s.Slots.Count == 5, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => never);
    }

    [Fact]
    public void The_status_file_round_trips_and_slots_stay_sorted()
    {
        using var dir = new Infrastructure.TempDirectory();
        var status = new KioskStatus("kiosk-3", "1.2.3", new ManualClock(Now));
        status.SetSlot(new SlotStatus("sdb1", SlotPhase.Uploading, Now, new CardInfo("/dev/sdb1", "exfat", "GOPRO", "1234-5678"),
            Progress: new SlotProgress(3, 10, 30, 100, 12.5, TimeSpan.FromSeconds(42))));
        status.SetSlot(new SlotStatus("sda1", SlotPhase.Problem, Now, Problem: new SlotProblem(ProblemKind.UnknownCamera, "unknown camera C9", false, "C9")));
        var path = StatusFile.PathIn(dir.Path);
        StatusFile.Write(path, status.Current);

        var read = StatusFile.Read(path)!;
        Assert.Equal(["sda1", "sdb1"], read.Slots.Select(s => s.Slot));
        Assert.Equal(status.Current.Slots[1].Progress, read.Slots[1].Progress);
        Assert.Equal(status.Current.Slots[0].Problem, read.Slots[0].Problem);
        Assert.Contains("\"UnknownCamera\"", File.ReadAllText(path)); // enums by name: readable with jq
        Assert.Equal("sda1 UnknownCamera, sdb1 uploading 3/10; storage not checked yet, clock not checked yet, disk not checked yet", StatusLine.Of(read));
    }
}
