using AilasKiosk.Status;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// The maintainer's fix for "unknown camera": `ailas-kiosk cameras add` while the daemon runs. The crew re-inserts the
/// card and it is filed under the new label and wiped, without a restart (found booting the image in a VM: the
/// daemon read the registry once, at start).
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public class CameraRegisteredWhileRunningTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Fact]
    public async Task A_camera_added_while_the_daemon_runs_gets_its_next_card_filed_under_the_label_and_wiped()
    {
        using var state = new TempDirectory();
        var registry = Path.Combine(state.Path, "cameras.json");
        var settings = DaemonProcess.ForThisMachine(new KioskSettings(_s3, state.Path, "C3471325208961", KioskSettings.NewLabel("REG")))
            .With("Registry:File", registry);
        const string newcomer = "C3471325200061";
        var label = KioskSettings.NewLabel("NEWCAM");
        using var card = DaemonCard.Create(TestCard.Small(newcomer, photos: 3, seed: 61));
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");

        card.Insert();
        await daemon.WaitForAsync(s => s.Slots.Any(x => x.Problem?.Kind == ProblemKind.UnknownCamera), "unknown camera");
        card.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        Assert.Equal(3, card.Files().Count(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)));

        var add = await KioskProcess.RunAsync(settings.AsEnvironment(), "cameras", "add", newcomer, label);
        Assert.True(add.ExitCode == 0, add.Stderr);

        card.Insert();
        var done = await daemon.WaitForAsync(s => s.Slots.Any(x => x.Phase is SlotPhase.Done or SlotPhase.Problem), "the card settled");
        var slot = Assert.Single(done.Slots);
        Assert.Equal((SlotPhase.Done, label), (slot.Phase, slot.CameraLabel));
        Assert.Equal((3, 3), (slot.Result!.Verified, slot.Result.Wiped));
        foreach (var photo in card.Card!.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(label, photo)));
        card.Remove();
        Assert.DoesNotContain(card.Files(), f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase));
        card.AssertClean();
    }
}
