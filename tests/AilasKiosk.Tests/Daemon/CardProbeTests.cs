using System.Collections.Concurrent;
using AilasKiosk.Daemon;
using AilasKiosk.Detect;
using AilasKiosk.Health;
using AilasKiosk.Identify;
using AilasKiosk.Mount;
using AilasKiosk.Notify;
using AilasKiosk.Status;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// A card seen in sysfs before udev has probed it, as on the Pi (the daemon polls sysfs; udev's event runs a moment
/// later; the kiosk user cannot run blkid on the device): the workflow in-process, in fake time, with a fake
/// /run/udev and a mounter that stands in for PID 1's mount (a real FAT image under FUSE), offloading to radosgw.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public sealed class CardProbeTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A superfloppy card (the reader's disk itself): no device node here, so blkid cannot answer either.</summary>
    private static readonly BlockDevice Device = new("sdz", "/dev/ailas-test-sdz", "sdz", "8:240", 64L << 20, false, MediumId: "7");

    private const string Initialised = "I:1764000000000000\n";

    private readonly TempDirectory _dir = new();
    private readonly SteppedTime _time = new(Start);
    private readonly KioskStatus _status;
    private readonly ConcurrentQueue<SlotStatus> _seen = new();
    private readonly CancellationTokenSource _removed = new();
    private readonly CancellationTokenSource _stopping = new();

    public CardProbeTests()
    {
        Directory.CreateDirectory(UdevData);
        _status = new KioskStatus("test-kiosk", "1", _time);
        var ok = new HealthCheck(CheckState.Ok, "fine");
        _status.SetHealth(new HealthReport(ok, ok, ok, Start));
        _status.Changed += s => { foreach (var slot in s.Slots) _seen.Enqueue(slot); };
    }

    public void Dispose()
    {
        _removed.Dispose();
        _stopping.Dispose();
        _dir.Dispose();
    }

    private string UdevData => Path.Combine(_dir.Path, "udev", "data");

    /// <summary>udev's entry for the device, as udevd writes it at the end of an event.</summary>
    private void UdevEntry(string text) => File.WriteAllText(Path.Combine(UdevData, "b" + Device.DeviceNumber), text);

    /// <summary>udevd has events queued or running (it keeps /run/udev/queue while so).</summary>
    private void UdevBusy(bool busy)
    {
        var queue = Path.Combine(_dir.Path, "udev", "queue");
        if (busy) File.WriteAllText(queue, "");
        else File.Delete(queue);
    }

    private SlotStatus? Slot => _status.Current.Slots.SingleOrDefault(s => s.Slot == Device.Slot);

    private (CardWorkflow Workflow, EngineHarness Harness) Workflow(ICardMounter mounter, string serial, string stem)
    {
        var settings = new KioskSettings(Radosgw.Instance, _dir.Sub("state"), serial, KioskSettings.NewLabel(stem));
        var harness = new EngineHarness(settings);
        var health = new HealthMonitor(harness.Options, new HealthChecks(harness.Options, harness.Store, new ServerClock(harness.Options.Storage), _time), _status, _time, NullLogger<HealthMonitor>.Instance);
        var workflow = new CardWorkflow(harness.Engine, harness.Journal, new FileSystemProbe(UdevData), mounter, _status, health, new SilentNotifier(),
            new CameraRegistry(harness.Options.Cameras), _time, NullLogger<CardWorkflow>.Instance);
        return (workflow, harness);
    }

    private async Task<SlotStatus> SettledAsync() =>
        (await WaitForAsync(s => s.Phase is SlotPhase.Done or SlotPhase.Problem, "the slot settled"));

    private async Task<SlotStatus> WaitForAsync(Func<SlotStatus, bool> condition, string what)
    {
        try
        {
            await _status.WaitUntilAsync(s => s.Slots.Any(x => x.Slot == Device.Slot && condition(x)), CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; slot: {Slot}");
        }
        return Slot!;
    }

    /// <summary>The workflow has armed its next look at the card (it waits for time to pass); returns when that is due.</summary>
    private async Task<DateTimeOffset> ParkedAsync()
    {
        try
        {
            return await _time.NextTimerAsync();
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"the workflow does not look at the card again; slot: {Slot}");
        }
    }

    private async Task RemoveAsync(Task run)
    {
        await _removed.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_card_seen_before_udev_has_probed_it_is_offloaded_once_udev_has_given_its_verdict()
    {
        using var card = TestCard.Create(TestCard.Small("C3471325208981", photos: 3, seed: 81));
        var mounter = new FakeMounter(card.Root);
        var (workflow, harness) = Workflow(mounter, "C3471325208981", "PROBE");
        using var _ = harness;

        // Seen in sysfs: udev has no entry for the medium yet.
        var run = workflow.RunAsync(Device, _removed.Token, _stopping.Token);
        var due = await ParkedAsync(); // the workflow waits to look again
        Assert.Equal((SlotPhase.CardDetected, null), (Slot!.Phase, Slot.Problem));

        // udev's event for the medium change is running: the entry is still the empty reader's, without ID_FS_TYPE.
        UdevEntry(Initialised + "S:disk/by-diskseq/6\nE:ID_BUS=usb\n");
        UdevBusy(true);
        _time.RunTo(due);
        due = await ParkedAsync();
        Assert.Equal((SlotPhase.CardDetected, null), (Slot!.Phase, Slot.Problem));

        // udev has finished: its verdict for this medium (and PID 1 mounts the card).
        UdevEntry(Initialised + "S:disk/by-diskseq/7\nE:ID_BUS=usb\nE:ID_FS_TYPE=vfat\nE:ID_FS_LABEL=GOPRO\nE:ID_FS_UUID=1234-ABCD\n");
        UdevBusy(false);
        _time.RunTo(due);

        var settled = await SettledAsync();
        Assert.True(settled.Phase == SlotPhase.Done, $"{settled.Phase}: {settled.Problem}");
        Assert.Equal((3, 3, 0), (settled.Result!.Verified, settled.Result.Wiped, settled.Result.Failed));
        Assert.Equal(new CardInfo(Device.DevicePath, "vfat", "GOPRO", "1234-ABCD"), settled.Card);
        Assert.Equal(["vfat"], mounter.Mounts);
        Assert.DoesNotContain(_seen, s => s.Phase == SlotPhase.Problem); // never "not a camera card", not even for a moment
        await RemoveAsync(run);
    }

    [Fact]
    public async Task A_stick_with_a_non_camera_file_system_is_not_a_camera_card_once_udev_says_so_and_is_never_mounted()
    {
        var mounter = new FakeMounter("/nonexistent");
        var (workflow, harness) = Workflow(mounter, "C3471325208982", "EXT4");
        using var _ = harness;

        var run = workflow.RunAsync(Device, _removed.Token, _stopping.Token);
        var due = await ParkedAsync();
        Assert.Equal((SlotPhase.CardDetected, null), (Slot!.Phase, Slot.Problem));

        UdevEntry(Initialised + "S:disk/by-diskseq/7\nE:ID_FS_TYPE=ext4\nE:ID_FS_LABEL=PHONE\n");
        _time.RunTo(due);

        var settled = await SettledAsync();
        Assert.Equal(ProblemKind.NotACameraCard, settled.Problem?.Kind);
        Assert.False(settled.Problem!.CardChanged);
        Assert.Contains("ext4", settled.Problem.Message);
        Assert.Equal(("ext4", "PHONE"), (settled.Card!.FileSystem, settled.Card.VolumeLabel));

        // It stays so while udev says so: looked at again, never mounted.
        _time.RunTo(await ParkedAsync());
        _time.RunTo(await ParkedAsync());
        await ParkedAsync();
        Assert.Equal(ProblemKind.NotACameraCard, Slot!.Problem?.Kind);
        Assert.Empty(mounter.Mounts);
        Assert.Empty(mounter.Unmounts);
        await RemoveAsync(run);
    }

    [Fact]
    public async Task A_verdict_later_than_the_wait_first_shows_the_file_system_unknown_then_gets_the_card_offloaded()
    {
        using var card = TestCard.Create(TestCard.Small("C3471325208983", photos: 2, seed: 83));
        var mounter = new FakeMounter(card.Root);
        var (workflow, harness) = Workflow(mounter, "C3471325208983", "LATE");
        using var _ = harness;

        var run = workflow.RunAsync(Device, _removed.Token, _stopping.Token);
        DateTimeOffset due;
        while (true)
        {
            due = await ParkedAsync();
            if (Slot!.Phase == SlotPhase.Problem)
                break;
            Assert.True(_time.GetUtcNow() - Start <= CardWorkflow.ProbeWait, $"still waiting after {_time.GetUtcNow() - Start}");
            _time.RunTo(due);
        }
        Assert.True(_time.GetUtcNow() - Start >= CardWorkflow.ProbeWait);
        Assert.Equal(ProblemKind.CardReadError, Slot.Problem!.Kind); // not known: not "not a camera card"
        Assert.Contains("udev has no entry", Slot.Problem.Message);
        Assert.Empty(mounter.Mounts);

        UdevEntry(Initialised + "S:disk/by-diskseq/7\nE:ID_FS_TYPE=vfat\nE:ID_FS_LABEL=GOPRO\n");
        _time.RunTo(due);
        var settled = await WaitForAsync(s => s.Phase == SlotPhase.Done || (s.Phase == SlotPhase.Problem && s.Problem?.Kind != ProblemKind.CardReadError),
            "offloaded after the late verdict");
        Assert.True(settled.Phase == SlotPhase.Done, $"{settled.Phase}: {settled.Problem}");
        Assert.Equal(2, settled.Result!.Wiped);
        Assert.DoesNotContain(_seen, s => s.Problem?.Kind == ProblemKind.NotACameraCard);
        await RemoveAsync(run);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_card_left_in_a_problem_state_is_not_left_mounted(bool mountRefused)
    {
        // PID 1 mounted the card at the kiosk's mount point; the kiosk will not work on it: udev calls it ext4 (a
        // hand-made mount), or its mount lacks noexec and is refused.
        var mounter = new FakeMounter("/run/media/ailas-kiosk/sdz") { LeftMounted = true, Refuse = mountRefused };
        var (workflow, harness) = Workflow(mounter, "C3471325208984", "LEFT");
        using var _ = harness;
        UdevEntry(Initialised + "S:disk/by-diskseq/7\n" + (mountRefused ? "E:ID_FS_TYPE=vfat\n" : "E:ID_FS_TYPE=ext4\n"));

        var run = workflow.RunAsync(Device, _removed.Token, _stopping.Token);
        var ejecting = mounter.Ejected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await ejecting.ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.True(ejecting.IsCompletedSuccessfully, $"the card was left mounted; slot: {Slot}");
        var ejected = await ejecting;

        Assert.Equal("/run/media/ailas-kiosk/sdz", ejected.Root);
        Assert.Equal(mountRefused ? ProblemKind.CardReadError : ProblemKind.NotACameraCard, Slot!.Problem?.Kind);
        Assert.False(mounter.LeftMounted);
        Assert.Equal(mountRefused ? ["vfat"] : [], mounter.Mounts);
        await RemoveAsync(run);
    }

    /// <summary>
    /// Stands in for the systemd mounter: "PID 1's mount" of the card is <paramref name="root"/>; <see cref="LeftMounted"/>
    /// is a mount found at the card's mount point.
    /// </summary>
    private sealed class FakeMounter(string root) : ICardMounter
    {
        private readonly ConcurrentQueue<string> _mounts = new(), _unmounts = new();

        public bool LeftMounted { get; set; }
        public bool Refuse { get; init; }
        public IReadOnlyList<string> Mounts => _mounts.ToList();
        public IReadOnlyList<string> Unmounts => _unmounts.ToList();
        public TaskCompletionSource<MountedCard> Ejected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<MountedCard> MountAsync(BlockDevice device, string fileSystemType, CancellationToken cancellationToken)
        {
            _mounts.Enqueue(fileSystemType);
            if (Refuse)
                throw new MountException($"{root} is mounted without noexec: refused");
            LeftMounted = true;
            return Task.FromResult(new MountedCard(device, root, fileSystemType));
        }

        public Task UnmountAsync(MountedCard card, CancellationToken cancellationToken)
        {
            _unmounts.Enqueue(card.Root);
            LeftMounted = false;
            Ejected.TrySetResult(card);
            return Task.CompletedTask;
        }

        public bool IsMounted(MountedCard card) => LeftMounted;

        public MountedCard? FindMount(BlockDevice device) => LeftMounted ? new MountedCard(device, root, "vfat") : null;
    }
}
