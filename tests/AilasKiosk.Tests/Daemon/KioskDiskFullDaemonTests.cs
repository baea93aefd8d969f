using AilasKiosk.Status;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// `ailas-kiosk run` whose state directory (journal, logs, status) is a tiny tmpfs that fills up mid-card: the
/// daemon stays up, the crew's screen says the kiosk's own disk is full, the card is held, and once space is
/// freed the card is finished without being re-inserted.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public class KioskDiskFullDaemonTests
{
    [Fact]
    public async Task The_daemon_holds_the_card_shows_kiosk_disk_full_and_finishes_it_once_space_is_freed()
    {
        using var tiny = new TinyFileSystem(kilobytes: 4096);
        using var elsewhere = new TempDirectory();
        var frames = elsewhere.Sub("frames");
        var settings = Settings(tiny, elsewhere, frames, "C3471325208941", "DAEMONFULL");
        var card = TestCard.Small(settings.Serial, photos: 10, seed: 41);
        using var inserted = DaemonCard.Create(card);
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");

        inserted.Insert();
        await daemon.WaitForLogAsync(" verified as ");
        tiny.Fill();

        await daemon.WaitForLogAsync("the kiosk's own disk is full; the card is unmounted");
        Assert.False(daemon.HasExited);
        Assert.Equal(10, inserted.Files().Count(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)));
        await DisplayFrames.WaitForAsync(frames, "problem-kiosk-disk-full");

        tiny.Free();
        var done = await daemon.WaitForAsync(s => s.Slots.Any(x => x.Card?.Device == inserted.DevicePath && x.Phase == SlotPhase.Done),
            "finished once space is freed");
        var result = done.Slots.Single(x => x.Card?.Device == inserted.DevicePath).Result!;
        Assert.Equal((10, 10), (result.Verified, result.Wiped));
        Assert.True(done.Health.Disk.IsOk, done.Health.Disk.Detail);
        inserted.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        foreach (var photo in card.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await Radosgw.Instance.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        inserted.AssertClean();
        Assert.Equal(0, await daemon.StopAsync());
    }

    [Fact]
    public async Task A_daemon_started_on_a_full_disk_stays_up_and_offloads_the_card_once_space_is_freed()
    {
        using var tiny = new TinyFileSystem(kilobytes: 2048);
        using var elsewhere = new TempDirectory();
        var frames = elsewhere.Sub("frames");
        var settings = Settings(tiny, elsewhere, frames, "C3471325208942", "STARTFULL");
        var card = TestCard.Small(settings.Serial, photos: 4, seed: 42);
        using var inserted = DaemonCard.Create(card);
        tiny.Fill(); // not even room for a new journal

        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForLogAsync("Journal not opened yet");
        inserted.Insert();

        await daemon.WaitForLogAsync("the kiosk's own disk is full; the card is unmounted");
        Assert.False(daemon.HasExited);
        Assert.Equal(4, inserted.Files().Count(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)));
        await DisplayFrames.WaitForAsync(frames, "problem-kiosk-disk-full");

        tiny.Free();
        var done = await daemon.WaitForAsync(s => s.Slots.Any(x => x.Card?.Device == inserted.DevicePath && x.Phase == SlotPhase.Done),
            "offloaded once space is freed");
        Assert.Equal((4, 4), done.Slots.Single(x => x.Card?.Device == inserted.DevicePath).Result is { } r ? (r.Verified, r.Wiped) : default);
        inserted.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        inserted.AssertClean();
        Assert.Equal(0, await daemon.StopAsync());
    }

    /// <summary>State (journal, logs, status) on the tiny file system; card mounts and the display's frames elsewhere.</summary>
    private static KioskSettings Settings(TinyFileSystem tiny, TempDirectory elsewhere, string frames, string serial, string stem) =>
        DaemonProcess.ForThisMachine(new KioskSettings(Radosgw.Instance, Path.Combine(tiny.Path, "state"), serial, KioskSettings.NewLabel(stem)))
            .With("Cards:MountRoot", elsewhere.Sub("media"))
            .With("Hardware:FramesDirectory", frames)
            .With("Health:MinFreeMegabytes", "1")
            .With("Offload:Concurrency", "1");
}
