using AilasKiosk.Status;
using AilasKiosk.Tests.Infrastructure;
using CardTool = AilasKiosk.CardFactory.Tool;

namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// `ailas-kiosk run` against radosgw's HTTPS endpoint while trusting another CA than the one that signed it: the
/// card is held untouched and never mounted, the crew sees STORAGE NOT TRUSTED (not "storage down"), and once the
/// kiosk is given the right CA (a maintainer's fix, then a restart) the card still in the reader is offloaded.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public class StorageTrustDaemonTests
{
    [Fact]
    public async Task A_storage_signed_by_a_CA_the_kiosk_does_not_trust_holds_the_card_untouched_until_it_is_given_that_CA()
    {
        var s3 = Radosgw.Instance;
        using var state = new TempDirectory();
        var otherCa = state.Sub("other-ca");
        CardTool.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=Not the storage's CA", "-keyout", Path.Combine(otherCa, "ca.key"), "-out", Path.Combine(otherCa, "ca.crt"));
        var frames = state.Sub("frames");
        var settings = DaemonProcess.ForThisMachine(new KioskSettings(s3, state.Sub("kiosk"), "C3471325208943", KioskSettings.NewLabel("TRUST")))
            .With("Storage:CaCertificateFile", Path.Combine(otherCa, "ca.crt"))
            .With("Hardware:FramesDirectory", frames);
        var card = TestCard.Small(settings.Serial, photos: 4, seed: 43);
        using var inserted = DaemonCard.Create(card);

        await using (var distrustful = DaemonProcess.Start(settings))
        {
            var failing = await distrustful.WaitForAsync(s => s.Health.Storage.Problem == ProblemKind.StorageUntrusted, "storage not trusted");
            Assert.Contains("is signed by a CA this kiosk does not trust", failing.Health.Storage.Detail, StringComparison.Ordinal);

            inserted.Insert();
            var held = await distrustful.WaitForAsync(s => s.Slots.Any(x => x.Card?.Device == inserted.DevicePath && x.Problem?.Kind == ProblemKind.StorageUntrusted),
                "card held: storage not trusted");
            Assert.False(held.Slots.Single(x => x.Card?.Device == inserted.DevicePath).Problem!.CardChanged);
            await DisplayFrames.WaitForAsync(frames, "problem-storage-untrusted");
            Assert.Equal(4, inserted.Files().Count(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)));
            Assert.DoesNotContain("Mounted ", distrustful.Log, StringComparison.Ordinal); // held before mounting
            Assert.DoesNotContain("unreachable", held.Slots.Single(x => x.Card?.Device == inserted.DevicePath).Problem!.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(await s3.ListAsync(settings.Label + "/"));
            Assert.Equal(0, await distrustful.StopAsync());
        }

        settings.With("Storage:CaCertificateFile", s3.CaFile);
        await using var trusting = DaemonProcess.Start(settings);
        var done = await trusting.WaitForAsync(s => s.Slots.Any(x => x.Card?.Device == inserted.DevicePath && x.Phase == SlotPhase.Done),
            "offloaded once the kiosk trusts the storage's CA");
        Assert.Equal((4, 4), done.Slots.Single(x => x.Card?.Device == inserted.DevicePath).Result is { } r ? (r.Verified, r.Wiped) : default);
        foreach (var photo in card.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        inserted.Remove();
        await trusting.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        inserted.AssertClean();
    }
}
