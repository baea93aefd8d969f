using System.Text.Json;
using AilasKiosk.Card;
using AilasKiosk.Cli;
using AilasKiosk.Journal;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>
/// The kiosk's own disk (the state directory: journal, manifests, logs) fills up mid-offload, on a real tiny
/// tmpfs: a clear outcome of its own, no wipe without a committed proof, a journal that stays readable, and a
/// run after space is freed that finishes the card.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class KioskDiskFullTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Fact]
    public async Task Offload_on_a_full_kiosk_disk_exits_with_its_own_code_wipes_nothing_unproven_and_finishes_once_space_is_freed()
    {
        using var tiny = new TinyFileSystem(kilobytes: 4096);
        var state = Path.Combine(tiny.Path, "state");
        var settings = new KioskSettings(_s3, state, "C3471325208940", KioskSettings.NewLabel("KIOSKFULL"));
        var card = TestCard.Small(settings.Serial, photos: 10, seed: 40);
        using var mounted = TestCard.Create(card);

        // The disk fills up once two photos are proven: the others are still on their way.
        var verifiedLines = 0;
        var full = await KioskProcess.RunAsync(settings.AsEnvironment(), (line, _) =>
        {
            if (line.Contains(" verified as ", StringComparison.Ordinal) && Interlocked.Increment(ref verifiedLines) == 2)
                tiny.Fill();
        }, "offload", mounted.Root, "--json");

        Assert.True(full.ExitCode == ExitCodes.KioskDiskFull, $"exit {full.ExitCode}\n{full.Stderr}");
        Assert.DoesNotContain("   at ", full.Stderr + full.Stdout); // no stack trace
        Assert.Equal(nameof(OffloadOutcome.KioskDiskFull), full.Json.Outcome);
        Assert.Contains("kiosk's own disk is full", full.Json.Message);
        Assert.Equal(0, full.Json.Wiped); // no room for the manifest, so no wipe at all
        Assert.True(full.Json.Verified is >= 2 and < 10, $"{full.Json.Verified} verified: the disk was not full mid-offload");
        AssertNothingGoneUnlessProven(card, mounted, state);
        // Still full: the journal can be read.
        var whileFull = await KioskProcess.RunAsync(settings.AsEnvironment(), "history");
        Assert.True(whileFull.ExitCode == ExitCodes.Ok, whileFull.Stderr);
        Assert.Contains(full.Json.Session!, whileFull.Stdout);

        tiny.Free();
        var history = await KioskProcess.RunAsync(settings.AsEnvironment(), "history", "--json");
        Assert.True(history.ExitCode == ExitCodes.Ok, history.Stderr);
        var sessions = JsonSerializer.Deserialize<List<HistoryCommand.Entry>>(history.Stdout.Trim())!;
        Assert.Equal(full.Json.Session, Assert.Single(sessions).Id);

        var resumed = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.Stderr);
        Assert.Equal((10, 10), (resumed.Json.Verified, resumed.Json.Wiped));
        // Proven before the disk filled, or sent while it filled: recognised by their bytes, not sent twice.
        Assert.True(resumed.Json.AlreadyPresent >= full.Json.Verified, $"{resumed.Json.AlreadyPresent} already there, {full.Json.Verified} proven before");
        Assert.All(card.Photos, p => Assert.False(mounted.IsOnCard(p)));
        foreach (var photo in card.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        AssertNothingGoneUnlessProven(card, mounted, state);
        mounted.UnmountAndCheck();
    }

    [Fact]
    public void The_journal_reports_a_full_disk_as_such_and_keeps_what_was_committed()
    {
        using var tiny = new TinyFileSystem(kilobytes: 1024);
        var files = Enumerable.Range(1, 40).Select(i => new CardFile("/card/DCIM/100GOPRO", $"DCIM/100GOPRO/GOPR{i:D4}.JPG", 1000 + i,
            new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc))).ToList();
        using (var journal = OffloadJournal.Open(tiny.Path, TimeProvider.System))
        {
            journal.BeginSession(new SessionStart("s1", "k", "/card", "C1", "AILAS-01", null, null, null, DateTime.UtcNow));
            journal.AddPlannedFiles("s1", files);
            journal.RecordVerified("s1", Proof(files[0]));
            tiny.Fill();

            var e = Assert.Throws<KioskDiskFullException>(() => files.Skip(1).ToList().ForEach(f => journal.RecordVerified("s1", Proof(f))));
            Assert.Contains(OffloadJournal.FileName, e.Message);

            tiny.Free();
            journal.RecordVerified("s1", Proof(files[^1])); // the same connection works again once there is room
        }

        using var reopened = OffloadJournal.Open(tiny.Path, TimeProvider.System);
        Assert.NotNull(reopened.FindVerified("s1", files[0].RelativePath));
        Assert.NotNull(reopened.FindVerified("s1", files[^1].RelativePath));
        Assert.Equal(files.Count, reopened.Files("s1").Count());
        Assert.Equal("s1", Assert.Single(reopened.RecentSessions(5)).Id);
    }

    private static VerifiedFile Proof(CardFile f) =>
        new(f.RelativePath, f.Size, Disposition.Uploaded, "AILAS-01/" + f.Name, new string('a', 64), new string('b', 32), new string('b', 32), null, false, "C1", "AILAS-01");

    /// <summary>Invariant 1, read back from the journal on disk: a photo gone from the card has its verified (or wiped) record.</summary>
    private static void AssertNothingGoneUnlessProven(AilasKiosk.CardFactory.GoProCard card, TestCard mounted, string state)
    {
        using var journal = OffloadJournal.Open(state, TimeProvider.System);
        var proven = journal.RecentSessions(10)
            .SelectMany(s => journal.Files(s.Id))
            .Where(f => f.State is FileState.Verified or FileState.Wiped)
            .Select(f => f.Path)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var photo in card.Photos.Where(p => !mounted.IsOnCard(p)))
            Assert.True(proven.Contains(photo.RelativePath), $"{photo.RelativePath} is gone from the card without a proof in the journal");
    }
}
