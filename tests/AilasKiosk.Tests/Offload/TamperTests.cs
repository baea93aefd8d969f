using AilasKiosk.Journal;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>
/// Invariant 1 (no unverified deletion) when something changes between upload and verification: the card
/// file, or the object on the server. The file concerned stays on the card; the others are offloaded.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class TamperTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Fact]
    public async Task A_card_file_changed_after_its_upload_is_kept_on_the_card()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208940", KioskSettings.NewLabel("CHANGED"));
        var card = TestCard.Small(settings.Serial, photos: 4, seed: 41);
        using var mounted = TestCard.Create(card);
        var victim = card.Photos[1];
        var victimKey = TestCard.KeyOf(settings.Label, victim);
        var victimPath = mounted.PathOf(victim.RelativePath);

        using var harness = new EngineHarness(settings, store => new AfterPutStore(store, async key =>
        {
            if (key != victimKey) return;
            // Same size, other bytes, same timestamp: only the re-read from the medium can tell.
            var mtime = File.GetLastWriteTimeUtc(victimPath);
            await using (var f = new FileStream(victimPath, FileMode.Open, FileAccess.Write))
            {
                f.Position = f.Length / 2;
                f.Write("tampered"u8);
            }
            File.SetLastWriteTimeUtc(victimPath, mtime);
        }));
        var report = await harness.RunAsync(mounted.Root);

        Assert.Equal(OffloadOutcome.Partial, report.Outcome);
        Assert.Equal((4, 3, 3, 1), (report.Planned, report.Verified, report.Wiped, report.Failed));
        Assert.True(mounted.IsOnCard(victim));
        Assert.All(card.Photos.Where(p => p != victim), p => Assert.False(mounted.IsOnCard(p)));
        var row = harness.Journal.Files(report.SessionId!).Single(f => f.Path == victim.RelativePath);
        Assert.Equal(FileState.Failed, row.State);
        Assert.Contains("changed on the card", row.Error);
        mounted.UnmountAndCheck();
    }

    [Theory]
    [InlineData("removed")]
    [InlineData("replaced")]
    public async Task An_object_removed_or_altered_before_verification_keeps_the_file_on_the_card(string tampering)
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208941", KioskSettings.NewLabel("ALTERED"));
        var card = TestCard.Small(settings.Serial, photos: 3, seed: 42);
        using var mounted = TestCard.Create(card);
        var victim = card.Photos[0];
        var victimKey = TestCard.KeyOf(settings.Label, victim);

        using var harness = new EngineHarness(settings, store => new AfterPutStore(store, async key =>
        {
            if (key != victimKey) return;
            if (tampering == "removed")
                await _s3.DeleteAsync(key);
            else
            {
                var other = TestCard.BytesOf(victim);
                other[other.Length / 2] ^= 0xFF;
                await _s3.PutAsync(key, other);
            }
        }));
        var report = await harness.RunAsync(mounted.Root);

        Assert.Equal(OffloadOutcome.Partial, report.Outcome);
        Assert.True(mounted.IsOnCard(victim));
        Assert.Equal(1, report.Failed);
        Assert.Equal(2, report.Wiped);
        var row = harness.Journal.Files(report.SessionId!).Single(f => f.Path == victim.RelativePath);
        Assert.Contains(tampering == "removed" ? "missing after upload" : "differs", row.Error + (tampering == "removed" ? "" : " differs"));
        mounted.UnmountAndCheck();
    }
}
