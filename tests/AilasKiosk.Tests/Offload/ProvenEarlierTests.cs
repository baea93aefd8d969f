using AilasKiosk.Cli;
using AilasKiosk.Journal;
using AilasKiosk.Platform;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>
/// A card resumed after a power cut (DESIGN.md §4, "proven earlier"): what an earlier session of the same card
/// proved, unchanged since in size and time, is not read again; its object is checked again, and a proof that no
/// longer holds is not relied on.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class ProvenEarlierTests
{
    private const string CardUuid = "1A2B-3C4D";
    private readonly Radosgw _s3 = Radosgw.Instance;

    /// <summary>
    /// Killed after 4 of 6 photos were proven; before the resume, one proven photo's bytes are altered on the card with
    /// its size and time kept. Resumed as the same card, the kiosk does not read it again (it wipes it, and the bucket
    /// keeps the bytes proven before): the limit DESIGN.md states. Resumed as another card, every photo is read again,
    /// the altered one is caught and stored beside the original: nothing is lost.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_resumed_card_reads_again_only_what_was_not_proven_on_it(bool sameCard)
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208960", KioskSettings.NewLabel("RESUME"));
        var card = TestCard.Small(settings.Serial, photos: 6, seed: 61);
        using var mounted = TestCard.Create(card);

        var killed = await KioskProcess.RunAsync(
            settings.AsEnvironment().Append(KeyValuePair.Create(CrashPoint.Variable, CrashPoint.Verified + ":4")),
            "offload", mounted.Root, "--json", "--volume-uuid", CardUuid);
        Assert.True(killed.Killed, $"expected a SIGKILL after 4 verified photos, got exit {killed.ExitCode}: {killed.Stderr}");
        // Journaled as verified before the kill: exactly 4. Up to two more may be uploaded, not yet proven.
        List<string> proven;
        using (var journal = OffloadJournal.Open(settings.StateDirectory, TimeProvider.System))
            proven = journal.Files(journal.RecentSessions(1).Single().Id).Where(f => f.State == FileState.Verified).Select(f => f.Path).ToList();
        Assert.Equal(4, proven.Count);
        var inBucket = 0;
        foreach (var photo in card.Photos)
            if (await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)) is not null) inBucket++;
        var altered = card.Photos.First(p => p.RelativePath == proven[0]);
        AlterKeepingSizeAndTime(mounted.PathOf(altered.RelativePath));

        var resumed = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json",
            "--volume-uuid", sameCard ? CardUuid : "5E6F-7A8B");

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.Stderr);
        Assert.Equal((6, 6), (resumed.Json.Planned, resumed.Json.Wiped));
        Assert.All(card.Photos, p => Assert.False(mounted.IsOnCard(p)));
        foreach (var photo in card.Photos) // the bytes the camera wrote, each under its own key
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        var imageKeys = (await _s3.ListAsync(settings.Label + "/")).Where(k => !k.Contains("/_manifests/", StringComparison.Ordinal)).ToList();
        var notReadAgain = resumed.Stderr.Split('\n').Count(l => l.Contains("not read again", StringComparison.Ordinal));
        if (sameCard)
        {
            Assert.Equal(4, notReadAgain);
            Assert.Equal((6 - inBucket, inBucket), (resumed.Json.Uploaded, resumed.Json.AlreadyPresent));
            Assert.Equal(6, imageKeys.Count);
        }
        else
        {
            Assert.Equal(0, notReadAgain);
            // The altered photo differs from its object: it went beside it, under its own content's key.
            Assert.Equal(6 - inBucket + 1, resumed.Json.Uploaded);
            Assert.Equal(7, imageKeys.Count);
            Assert.Contains(imageKeys, k => k.Contains(Path.GetFileNameWithoutExtension(altered.RelativePath) + "~", StringComparison.Ordinal));
        }
        mounted.UnmountAndCheck();
    }

    [Fact]
    public async Task A_proof_whose_object_is_gone_is_not_relied_on_the_photo_is_uploaded_again()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208961", KioskSettings.NewLabel("GONE"));
        var card = TestCard.Small(settings.Serial, photos: 3, seed: 62);
        using var mounted = TestCard.Create(card);
        using (var first = new EngineHarness(settings.With("Offload:Wipe", "false")))
        {
            var report = await first.RunAsync(mounted.Root, CardUuid);
            Assert.Equal((3, 3, 0), (report.Verified, report.Uploaded, report.Wiped));
        }
        var gone = card.Photos[1];
        await _s3.DeleteAsync(TestCard.KeyOf(settings.Label, gone));

        using var second = new EngineHarness(settings.With("Offload:Wipe", "true"));
        var resumed = await second.RunAsync(mounted.Root, CardUuid);

        Assert.Equal((3, 1, 2, 3), (resumed.Verified, resumed.Uploaded, resumed.AlreadyPresent, resumed.Wiped));
        foreach (var photo in card.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        mounted.UnmountAndCheck();
    }

    [Fact]
    public async Task A_photo_touched_since_its_proof_is_read_again()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208962", KioskSettings.NewLabel("TOUCHED"));
        var card = TestCard.Small(settings.Serial, photos: 3, seed: 63);
        using var mounted = TestCard.Create(card);
        using (var first = new EngineHarness(settings.With("Offload:Wipe", "false")))
            Assert.Equal(3, (await first.RunAsync(mounted.Root, CardUuid)).Verified);
        // Other bytes, same size, a new time: what any writer of the card leaves.
        var touched = card.Photos[2];
        var path = mounted.PathOf(touched.RelativePath);
        AlterKeepingSizeAndTime(path);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddHours(1));

        using var second = new EngineHarness(settings.With("Offload:Wipe", "true"));
        var resumed = await second.RunAsync(mounted.Root, CardUuid);

        // Read again, it differs from its object: stored beside it; the other two stood on their proofs.
        Assert.Equal((3, 1, 2, 3), (resumed.Verified, resumed.Uploaded, resumed.AlreadyPresent, resumed.Wiped));
        Assert.Equal(TestCard.BytesOf(touched), await _s3.GetAsync(TestCard.KeyOf(settings.Label, touched)));
        Assert.Equal(4, (await _s3.ListAsync(settings.Label + "/")).Count(k => !k.Contains("/_manifests/", StringComparison.Ordinal)));
        mounted.UnmountAndCheck();
    }

    /// <summary>Flips bytes in the middle of the file, keeping its size and modification time.</summary>
    private static void AlterKeepingSizeAndTime(string path)
    {
        var mtime = File.GetLastWriteTimeUtc(path);
        using (var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            f.Position = f.Length / 2;
            var b = new byte[8];
            f.ReadExactly(b);
            for (var i = 0; i < b.Length; i++) b[i] ^= 0xFF;
            f.Position = f.Length / 2;
            f.Write(b);
        }
        File.SetLastWriteTimeUtc(path, mtime);
    }
}
