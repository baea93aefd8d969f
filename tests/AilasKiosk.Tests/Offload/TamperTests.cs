using AilasKiosk.Journal;
using AilasKiosk.Storage;
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

    [Fact]
    public async Task A_body_altered_after_hashing_is_refused_by_the_server_and_the_file_stays_on_the_card()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208942", KioskSettings.NewLabel("BADBODY"));
        var card = TestCard.Small(settings.Serial, photos: 3, seed: 43);
        using var mounted = TestCard.Create(card);
        var victim = card.Photos[2];
        var victimKey = TestCard.KeyOf(settings.Label, victim);
        var altered = 0;

        // Between the first read (hashed) and the wire, one byte of the body changes, on every attempt: as a bad
        // buffer or a flaky reader would. Only the Content-MD5 taken from the first read can catch it.
        using var harness = new EngineHarness(settings, store => new BodyAlteringStore(store, key => key == victimKey, () => Interlocked.Increment(ref altered)));
        var report = await harness.RunAsync(mounted.Root);

        Assert.Equal(OffloadOutcome.Partial, report.Outcome);
        Assert.Equal((3, 2, 2, 1), (report.Planned, report.Verified, report.Wiped, report.Failed));
        Assert.Equal(3, altered); // Offload:UploadAttempts of KioskSettings: a rejected payload is retried, then given up
        Assert.True(mounted.IsOnCard(victim));
        Assert.Null(await harness.Store.StatAsync(victimKey, CancellationToken.None));
        var row = harness.Journal.Files(report.SessionId!).Single(f => f.Path == victim.RelativePath);
        Assert.Equal(FileState.Failed, row.State);
        Assert.Contains("BadDigest", row.Error);
        mounted.UnmountAndCheck();
    }

    [Fact]
    public async Task An_object_another_writer_puts_under_the_key_after_the_check_is_never_replaced()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208943", KioskSettings.NewLabel("RACE"));
        var card = TestCard.Small(settings.Serial, photos: 3, seed: 44);
        using var mounted = TestCard.Create(card);
        var victim = card.Photos[1];
        var victimKey = TestCard.KeyOf(settings.Label, victim);
        var theirs = "another writer's object"u8.ToArray();

        // The key was free when the placement looked; another writer takes it before the photo's PUT goes out.
        using var harness = new EngineHarness(settings, store => new BeforePutStore(store, async key =>
        {
            if (key == victimKey) await _s3.PutAsync(key, theirs);
        }));
        var report = await harness.RunAsync(mounted.Root);

        Assert.Equal(theirs, await _s3.GetAsync(victimKey)); // invariant 2: not replaced
        Assert.Equal(OffloadOutcome.Partial, report.Outcome);
        Assert.Equal((3, 2, 2, 1), (report.Planned, report.Verified, report.Wiped, report.Failed));
        Assert.True(mounted.IsOnCard(victim)); // invariant 1: its bytes are in no object, so it stays
        mounted.UnmountAndCheck();
    }
}

/// <summary>A store decorator that flips one byte in the middle of the bodies it is given, keeping their Content-MD5.</summary>
internal sealed class BodyAlteringStore(IObjectStore inner, Func<string, bool> alter, Action altered) : PassThroughStore(inner)
{
    public override Task<bool> PutAsync(string key, ObjectContent content, string contentType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        alter(key)
            ? Inner.PutAsync(key, content with { Open = () => Altered(content.Open()) }, contentType, metadata, cancellationToken)
            : Inner.PutAsync(key, content, contentType, metadata, cancellationToken);

    private MemoryStream Altered(Stream original)
    {
        using (original)
        {
            var bytes = new byte[original.Length];
            original.ReadExactly(bytes);
            bytes[bytes.Length / 2] ^= 0x01;
            altered();
            return new MemoryStream(bytes);
        }
    }
}
