using AilasKiosk.CardFactory;
using AilasKiosk.Journal;
using AilasKiosk.Offload;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>
/// Issue 13 item 3: a photo whose read fails with EIO part way (a worn card, a bad reader) stays on the card, the
/// others are offloaded, and the outcome names it and says to check the card. The EIO is real: read(2) gets it
/// from the file system, which got it from the block device (see <see cref="FaultyCard"/>).
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(Daemon.DaemonCollection.Name)] // its loop device would be a card to a daemon test running meanwhile
public class CardReadErrorTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Theory]
    [InlineData("buffered")] // read once into memory, hashed and uploaded from there
    [InlineData("streamed")] // larger than the buffer: hashed in a first pass, streamed again for the upload
    public async Task A_photo_that_fails_to_read_stays_on_the_card_and_the_outcome_says_to_check_the_card(string read)
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208960", KioskSettings.NewLabel("EIO"));
        if (read == "streamed") settings.With("Offload:MaxBufferedFileMegabytes", "1");
        var card = TestCard.Small(settings.Serial, photos: 4, seed: 60);
        var victim = card.Photos.MaxBy(p => TestCard.BytesOf(p).Length)!; // above 1 MiB, so streamed when asked
        using var faulty = new FaultyCard(card, victim);

        using var harness = new EngineHarness(settings);
        var report = await harness.RunAsync(faulty.Root);
        faulty.Remove();

        AssertOnlyTheVictimStayed(report, harness, faulty, card, victim, settings.Label);
        Assert.Null(await harness.Store.StatAsync(TestCard.KeyOf(settings.Label, victim), CancellationToken.None));
    }

    [Fact]
    public async Task A_photo_that_fails_on_the_re_read_after_its_upload_stays_on_the_card_the_same_way()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208961", KioskSettings.NewLabel("EIOREREAD"));
        var card = TestCard.Small(settings.Serial, photos: 4, seed: 61);
        var victim = card.Photos[2];
        var victimKey = TestCard.KeyOf(settings.Label, victim);
        using var faulty = new FaultyCard(card, victim, armed: false);

        // The first read succeeds and the object is uploaded; the card goes bad before the re-read that proves it.
        using var harness = new EngineHarness(settings, store => new AfterPutStore(store, key =>
        {
            if (key == victimKey) faulty.Arm();
            return Task.CompletedTask;
        }));
        var report = await harness.RunAsync(faulty.Root);
        faulty.Remove();

        AssertOnlyTheVictimStayed(report, harness, faulty, card, victim, settings.Label);
        Assert.Equal(TestCard.BytesOf(victim), await _s3.GetAsync(victimKey)); // uploaded, but unproven: not wiped
    }

    private static void AssertOnlyTheVictimStayed(OffloadReport report, EngineHarness harness, FaultyCard faulty,
        GoProCard card, CardPhoto victim, string label)
    {
        const string Plain = "could not be read from the card (I/O error): check the card, it may be worn";
        Assert.True(faulty.FailedReads > 0, $"the bad spot was never read:\n{faulty.LayerOutput}");
        Assert.Equal(OffloadOutcome.Partial, report.Outcome);
        Assert.True((4, 3, 3, 1) == (report.Planned, report.Verified, report.Wiped, report.Failed),
            $"planned, verified, wiped, failed: {(report.Planned, report.Verified, report.Wiped, report.Failed)}; {report.Message}\n"
            + string.Join('\n', harness.Journal.Files(report.SessionId!).Where(f => f.Error is not null).Select(f => $"{f.Path}: {f.Error}"))
            + $"\nfailed reads of the bad spot:\n{faulty.LayerOutput}");
        Assert.Equal($"1 of 4 images not offloaded; they stay on the card; {victim.RelativePath} {Plain}", report.Message);

        // The journal says why, in the same words; only what it holds verified (then wiped) is gone from the card.
        var rows = harness.Journal.Files(report.SessionId!).ToDictionary(f => f.Path);
        Assert.Equal(FileState.Failed, rows[victim.RelativePath].State);
        Assert.Equal($"{victim.RelativePath} {Plain}", rows[victim.RelativePath].Error);
        var onCard = faulty.Image.ListFiles();
        Assert.Contains(victim.RelativePath, onCard);
        foreach (var photo in card.Photos.Where(p => p != victim))
        {
            Assert.DoesNotContain(photo.RelativePath, onCard);
            Assert.Equal(FileState.Wiped, rows[photo.RelativePath].State);
            Assert.Equal(TestCard.KeyOf(label, photo), rows[photo.RelativePath].ObjectKey);
        }

        var (exitCode, output) = faulty.Image.Fsck();
        Assert.True(exitCode == 0, $"fsck found problems:\n{output}");
    }
}
