using AilasKiosk.Crew;
using AilasKiosk.Crew.Leds;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Status;
using DisplayProblem = AilasKiosk.Crew.Screens.ProblemKind;
using StatusProblem = AilasKiosk.Status.ProblemKind;

namespace AilasKiosk.Tests.Presentation;

/// <summary>What the crew sees for each state of the status model.</summary>
public class CrewViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 2, 0, TimeSpan.Zero);
    private static readonly HealthReport Healthy = new(new(CheckState.Ok, "ok"), new(CheckState.Ok, "ok"), new(CheckState.Ok, "ok"), Now);

    private static KioskSnapshot Snapshot(HealthReport? health = null, LastCard? last = null, params SlotStatus[] slots) =>
        new("k", "1", 1, Now, Now, slots, health ?? Healthy, last, "192.168.1.40");

    private static SlotStatus Slot(string name, SlotPhase phase, SlotProblem? problem = null, SlotProgress? progress = null, SlotResult? result = null) =>
        new(name, phase, Now, new CardInfo("/dev/" + name + "1", "vfat", "GOPRO", null), "s", "AILAS-07", "C1", progress, problem, result);

    [Fact]
    public void Idle_shows_ready_or_what_would_hold_a_card()
    {
        var last = new LastCard("AILAS-03", 312, 2_000_000_000, Now, "Completed");
        var idle = Snapshot(last: last);
        Assert.Equal(LedSignal.Ready, CrewView.SignalFor(idle));
        var screen = Assert.IsType<ScreenState.Idle>(CrewView.ScreenFor(idle));
        Assert.Equal(("192.168.1.40", true), (screen.IpAddress, screen.StorageHealthy));
        Assert.StartsWith("AILAS-03 · 312 photos · ", screen.LastCard);

        var down = Snapshot(Healthy with { Storage = new(CheckState.Failing, "Unreachable", StatusProblem.StorageUnreachable) });
        Assert.Equal(LedSignal.StorageDownIdle, CrewView.SignalFor(down));
        Assert.False(Assert.IsType<ScreenState.Idle>(CrewView.ScreenFor(down)).StorageHealthy);
        var clock = Snapshot(Healthy with { Clock = new(CheckState.Failing, "1970", StatusProblem.WaitingForClock) });
        Assert.Equal(LedSignal.WaitingForClock, CrewView.SignalFor(clock));
        // Before the first check nothing is known to be wrong.
        Assert.Equal(LedSignal.Ready, CrewView.SignalFor(Snapshot(HealthReport.Initial(Now))));
    }

    [Theory]
    [InlineData(SlotPhase.CardDetected, WorkPhase.Identifying)]
    [InlineData(SlotPhase.Identifying, WorkPhase.Identifying)]
    [InlineData(SlotPhase.Uploading, WorkPhase.Uploading)]
    [InlineData(SlotPhase.Verifying, WorkPhase.Verifying)]
    [InlineData(SlotPhase.Wiping, WorkPhase.Wiping)]
    [InlineData(SlotPhase.Ejecting, WorkPhase.Wiping)]
    public void Every_busy_phase_says_working_with_its_progress(SlotPhase phase, WorkPhase shown)
    {
        var s = Snapshot(slots: Slot("sda", phase, progress: new SlotProgress(120, 731, 980_000_000, 5_870_000_000, 41.3, TimeSpan.FromSeconds(118))));
        Assert.Equal(LedSignal.Working, CrewView.SignalFor(s));
        var working = Assert.IsType<ScreenState.Working>(CrewView.ScreenFor(s));
        Assert.Equal(("AILAS-07", shown, 120, 731, 980_000_000L, 5_870_000_000L, 41.3, TimeSpan.FromSeconds(118)),
            (working.Label, working.Phase, working.FilesDone, working.FilesTotal, working.BytesDone, working.BytesTotal, working.MegabytesPerSecond, working.Eta));
    }

    [Fact]
    public void Done_says_pull_the_card_with_what_was_offloaded()
    {
        var s = Snapshot(slots: Slot("sda", SlotPhase.Done, result: new SlotResult("Completed", 312, 2_000_000_000, 312, 312, 0, 60, null)));
        Assert.Equal(LedSignal.SafeToRemove, CrewView.SignalFor(s));
        Assert.Equal(new ScreenState.Done("AILAS-07", 312, 2_000_000_000), CrewView.ScreenFor(s));
    }

    [Theory]
    [InlineData(StatusProblem.StorageUnreachable, false, LedSignal.ProblemCardUntouched)]
    [InlineData(StatusProblem.StorageRefused, false, LedSignal.ProblemCardUntouched)]
    [InlineData(StatusProblem.StorageFull, false, LedSignal.ProblemCardUntouched)]
    [InlineData(StatusProblem.WaitingForClock, false, LedSignal.WaitingForClock)]
    [InlineData(StatusProblem.UnknownCamera, false, LedSignal.UnknownCamera)]
    [InlineData(StatusProblem.UnknownCamera, true, LedSignal.ProblemCardPartlyOffloaded)]
    [InlineData(StatusProblem.NotACameraCard, false, LedSignal.ProblemCardUntouched)]
    [InlineData(StatusProblem.CardReadError, false, LedSignal.ProblemCardUntouched)]
    [InlineData(StatusProblem.CardPulledTooEarly, true, LedSignal.ProblemCardPartlyOffloaded)]
    [InlineData(StatusProblem.PartialFailure, true, LedSignal.ProblemCardPartlyOffloaded)]
    public void Every_problem_keeps_its_kind_and_whether_the_card_changed(StatusProblem kind, bool changed, LedSignal signal)
    {
        var s = Snapshot(slots: Slot("sda", SlotPhase.Problem, new SlotProblem(kind, "message", changed, "17 of 731 files")));
        Assert.Equal(signal, CrewView.SignalFor(s));
        var problem = Assert.IsType<ScreenState.Problem>(CrewView.ScreenFor(s));
        Assert.Equal((Enum.Parse<DisplayProblem>(kind.ToString()), "17 of 731 files", changed), (problem.Kind, problem.Detail, problem.CardChanged));
    }

    [Fact]
    public void With_several_readers_the_most_urgent_slot_speaks_problems_before_work_before_done()
    {
        var done = Slot("sda", SlotPhase.Done, result: new SlotResult("Completed", 3, 3, 3, 3, 0, 1, null));
        var working = Slot("sdb", SlotPhase.Uploading);
        var problem = Slot("sdc", SlotPhase.Problem, new SlotProblem(StatusProblem.NotACameraCard, "ext4", false));
        Assert.Equal(LedSignal.Working, CrewView.SignalFor(Snapshot(slots: [done, working])));
        Assert.Equal("sdb", CrewView.MostUrgent(Snapshot(slots: [done, working]))!.Slot);
        Assert.Equal(LedSignal.ProblemCardUntouched, CrewView.SignalFor(Snapshot(slots: [done, working, problem])));
        // The display lists them all, the one needing a person first.
        var several = Assert.IsType<ScreenState.Several>(CrewView.ScreenFor(Snapshot(slots: [working, problem, done])));
        Assert.Equal([new SlotLine("AILAS-07", "NOT GOPRO", true), new SlotLine("AILAS-07", "UPLOADING", false), new SlotLine("AILAS-07", "DONE, PULL", false)],
            several.Slots);
        // A card-changed problem outranks an untouched one.
        var pulled = Slot("sdd", SlotPhase.Problem, new SlotProblem(StatusProblem.CardPulledTooEarly, "pulled", true));
        Assert.Equal("sdd", CrewView.MostUrgent(Snapshot(slots: [problem, pulled]))!.Slot);
    }
}
