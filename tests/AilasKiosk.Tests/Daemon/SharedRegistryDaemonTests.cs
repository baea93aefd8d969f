using AilasKiosk.Identify;
using AilasKiosk.Status;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// The shared camera registry in radosgw, with real daemons: a maintainer registers a camera once with `cameras add
/// --shared`, and kiosks pick it up within their read interval (2 s here) without anyone logging in to them, and
/// finish a card of that camera still in their reader.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public sealed class SharedRegistryDaemonTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    /// <summary>A registry key of the test's own: the bucket's default one is every test's.</summary>
    private static KioskSettings Settings(TempDirectory state, string id, string key) =>
        DaemonProcess.ForThisMachine(new KioskSettings(Radosgw.Instance, state.Path, "C3471325208991", KioskSettings.NewLabel("SHARED")))
            .With("KioskId", id).With("Registry:SharedKey", key).With("Registry:SharedRefreshSeconds", "2");

    [Fact]
    public async Task A_card_of_an_unknown_camera_left_in_the_reader_is_finished_by_itself_once_the_camera_is_registered_in_the_bucket()
    {
        using var state = new TempDirectory();
        var key = $"_kiosk{Guid.NewGuid():N}"[..16] + "/cameras.json";
        var settings = Settings(state, "kiosk-s", key);
        const string newcomer = "C3471325200092";
        var label = KioskSettings.NewLabel("NEWSHARED");
        using var card = DaemonCard.Create(TestCard.Small(newcomer, photos: 3, seed: 92));
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");
        await daemon.WaitForLogAsync($"{key} is not in the bucket");

        card.Insert();
        await daemon.WaitForAsync(s => s.Slots.Any(x => x.Problem?.Kind == ProblemKind.UnknownCamera), "unknown camera");
        await daemon.WaitForLogAsync($"waiting for camera {newcomer} to be registered");
        Assert.Equal(3, card.Files().Count(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)));

        var add = await KioskProcess.RunAsync(settings.AsEnvironment(), "cameras", "add", newcomer, label, "--shared");
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains($"{newcomer} is now {label} in the shared registry", add.Stdout);
        var list = await KioskProcess.RunAsync(settings.AsEnvironment(), "cameras", "list", "--shared");
        Assert.Contains(newcomer, list.Stdout);

        // Nobody touches the card: the kiosk reads the registry, resumes, files the photos under the label and wipes them.
        var done = await daemon.WaitForAsync(s => s.Slots.Any(x => x.Phase == SlotPhase.Done), "the card finished", TimeSpan.FromSeconds(60));
        var slot = Assert.Single(done.Slots);
        Assert.Equal((label, 3, 3), (slot.CameraLabel, slot.Result!.Verified, slot.Result.Wiped));
        foreach (var photo in card.Card!.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(label, photo)));
        Assert.Contains($"Camera registry: {newcomer} is now {label} (shared registry)", daemon.Log);
        Assert.Equal(label, SharedRegistrySync.ReadCopy(state.Path)[newcomer]);
        card.Remove();
        Assert.DoesNotContain(card.Files(), f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase));
        card.AssertClean();
    }

    /// <summary>
    /// Two kiosks on one machine, as two bases would run them: each takes only its own reader (Cards:Readers on the
    /// image behind the loop device), both hold a card of a camera neither knows, one registration in the bucket
    /// reaches both, and each finishes its card by itself.
    /// </summary>
    [Fact]
    public async Task Two_kiosks_each_with_its_own_reader_pick_up_one_registration_finish_their_cards_and_a_hostile_registry_changes_neither()
    {
        using var stateA = new TempDirectory();
        using var stateB = new TempDirectory();
        var key = $"_kiosk{Guid.NewGuid():N}"[..16] + "/cameras.json";
        var settingsA = Settings(stateA, "kiosk-a", key).With("Cards:Readers:0", $"loop:{Path.GetTempPath()}ailas-kiosk-a-*");
        var settingsB = Settings(stateB, "kiosk-b", key).With("Cards:Readers:0", $"loop:{Path.GetTempPath()}ailas-kiosk-b-*");
        const string newcomer = "C3471325200093";
        var label = KioskSettings.NewLabel("BOTH");
        using var cardA = DaemonCard.Create(TestCard.Small(newcomer, photos: 3, seed: 93), directoryPrefix: "ailas-kiosk-a");
        using var cardB = DaemonCard.Create(TestCard.Small(newcomer, photos: 2, seed: 94), directoryPrefix: "ailas-kiosk-b");
        Assert.Empty(cardA.Card!.Photos.Select(p => TestCard.KeyOf(label, p)).Intersect(cardB.Card!.Photos.Select(p => TestCard.KeyOf(label, p))));
        await using var daemonA = DaemonProcess.Start(settingsA);
        await using var daemonB = DaemonProcess.Start(settingsB);
        await daemonA.WaitForAsync(s => s.Health.Healthy, "kiosk-a healthy");
        await daemonB.WaitForAsync(s => s.Health.Healthy, "kiosk-b healthy");

        cardA.Insert();
        cardB.Insert();
        foreach (var (daemon, card, other) in new[] { (daemonA, cardA, cardB), (daemonB, cardB, cardA) })
        {
            var waiting = await daemon.WaitForAsync(s => s.Slots.Any(x => x.Problem?.Kind == ProblemKind.UnknownCamera), "unknown camera");
            Assert.Equal(card.DevicePath, Assert.Single(waiting.Slots).Card?.Device);
            await daemon.WaitForLogAsync($"Card {other.DevicePath} left alone: its reader loop:{other.ImagePath} is not one of this kiosk's");
        }

        var add = await KioskProcess.RunAsync(settingsA.AsEnvironment(), "cameras", "add", newcomer, label, "--shared");
        Assert.True(add.ExitCode == 0, add.Stderr);
        foreach (var (daemon, card) in new[] { (daemonA, cardA), (daemonB, cardB) })
        {
            await daemon.WaitForLogAsync($"Camera registry: {newcomer} is now {label} (shared registry)", TimeSpan.FromSeconds(30));
            var done = await daemon.WaitForAsync(s => s.Slots.Any(x => x.Phase == SlotPhase.Done), "its card finished", TimeSpan.FromSeconds(60));
            var slot = Assert.Single(done.Slots);
            Assert.Equal((card.DevicePath, label, card.Card!.Photos.Count, card.Card.Photos.Count),
                (slot.Card?.Device, slot.CameraLabel, slot.Result!.Verified, slot.Result.Wiped));
            foreach (var photo in card.Card.Photos)
                Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(label, photo)));
        }
        Assert.DoesNotContain($"Mounted {cardB.DevicePath} at", daemonA.Log); // never touched by the other kiosk
        Assert.DoesNotContain($"Mounted {cardA.DevicePath} at", daemonB.Log);
        foreach (var card in new[] { cardA, cardB })
        {
            card.Remove();
            Assert.DoesNotContain(card.Files(), f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase));
            card.AssertClean();
        }

        // Someone with write access puts a label that climbs out of its folder: refused, the last good registry stays.
        await _s3.PutAsync(key, """{"Cameras": {"C3471325200093": "../_kiosks"}}"""u8.ToArray());
        foreach (var daemon in new[] { daemonA, daemonB })
            await daemon.WaitForLogAsync("is not a label", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain($"{newcomer} is now ../", daemonA.Log + daemonB.Log);
        Assert.Equal(label, SharedRegistrySync.ReadCopy(stateB.Path)[newcomer]);
        var refused = await KioskProcess.RunAsync(settingsB.AsEnvironment(), "cameras", "add", "C3471325200094", "OTHER", "--shared");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("is refused", refused.Stderr);
    }
}
