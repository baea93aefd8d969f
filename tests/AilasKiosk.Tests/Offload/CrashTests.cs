using AilasKiosk.Cli;
using AilasKiosk.Platform;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>
/// Invariant 3 (crash-safe): the kiosk process is killed with SIGKILL at exact points of an offload, then run
/// again. At the moment of the kill, nothing may be gone from the card without a verified object; after the
/// second run, everything is offloaded once, with no duplicate and no overwrite.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class CrashTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Theory]
    [InlineData(CrashPoint.Put + ":3")]          // during upload: two PUTs done, the third about to go out
    [InlineData(CrashPoint.Verified + ":3")]     // between verify and wipe: three files proven, the rest not
    [InlineData(CrashPoint.ManifestStored + ":1")] // everything proven and the manifest stored, nothing wiped
    [InlineData(CrashPoint.Wiped + ":2")]        // during the wipe: two files deleted
    public async Task Killed_at_any_point_then_run_again_completes_without_loss_or_duplicates(string killAt)
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208920", KioskSettings.NewLabel("CRASH"));
        var card = TestCard.Small(settings.Serial, photos: 6, seed: 21);
        using var mounted = TestCard.Create(card);

        var killed = await KioskProcess.RunAsync(
            settings.AsEnvironment().Append(KeyValuePair.Create(CrashPoint.Variable, killAt)), "offload", mounted.Root, "--json");
        Assert.True(killed.Killed, $"expected a SIGKILL at {killAt}, got exit {killed.ExitCode}: {killed.Stderr}");

        // Right after the crash: whatever left the card is in the bucket, byte for byte.
        foreach (var photo in card.Photos.Where(p => !mounted.IsOnCard(p)))
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        if (killAt.StartsWith(CrashPoint.Wiped, StringComparison.Ordinal))
            Assert.Equal(2, card.Photos.Count(p => !mounted.IsOnCard(p)));
        else
            Assert.All(card.Photos, p => Assert.True(mounted.IsOnCard(p), $"{p.RelativePath} deleted before the wipe stage"));

        var resumed = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.Stderr);
        Assert.Equal(resumed.Json.Planned, resumed.Json.Wiped);
        foreach (var photo in card.Photos)
        {
            Assert.False(mounted.IsOnCard(photo));
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        }
        var imageKeys = (await _s3.ListAsync(settings.Label + "/")).Where(k => !k.Contains("/_manifests/", StringComparison.Ordinal));
        Assert.Equal(card.Photos.Select(p => TestCard.KeyOf(settings.Label, p)).Order(StringComparer.Ordinal), imageKeys);
        mounted.UnmountAndCheck();
    }
}

/// <summary>A crash in the middle of a multipart upload leaves it open on the server; the next session aborts it.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class AbandonedUploadTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Fact]
    public async Task A_multipart_upload_left_open_by_a_crash_is_aborted_by_the_next_session()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208921", KioskSettings.NewLabel("ORPHAN"))
            .With("Offload:Concurrency", "1")
            .With("Offload:AbandonedUploadMinutes", "0")
            .With("Storage:SinglePutMaxMegabytes", "5"); // photos go up in one PUT; a file above the limit in parts
        // Every photo above the 5 MiB limit: each is a multipart upload (initiate, then a PUT of its part).
        var card = AilasKiosk.CardFactory.GoProCard.Realistic(AilasKiosk.CardFactory.CameraProfile.Hero10(settings.Serial), 3, seed: 22,
            minBytes: 5_400_000, maxBytes: 6_000_000, photosPerFolder: 2);
        using var mounted = TestCard.Create(card);

        var killed = await KioskProcess.RunAsync(
            settings.AsEnvironment().Append(KeyValuePair.Create(CrashPoint.Variable, CrashPoint.Put + ":2")), "offload", mounted.Root);
        Assert.True(killed.Killed, killed.Stderr);
        Assert.Single(await _s3.IncompleteUploadsAsync(settings.Label + "/"));

        var resumed = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.Stderr);
        Assert.Contains("Aborted abandoned multipart uploads of 1 keys", resumed.Stderr);
        Assert.Empty(await _s3.IncompleteUploadsAsync(settings.Label + "/"));
        Assert.Equal(3, resumed.Json.Wiped);
    }
}

/// <summary>SIGTERM (systemd stopping the service, Ctrl+C) mid-offload: a clean stop, nothing unverified deleted.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class InterruptTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Fact]
    public async Task SIGTERM_mid_upload_stops_with_exit_9_wipes_nothing_and_the_next_run_resumes()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208922", KioskSettings.NewLabel("SIGTERM")).With("Offload:Concurrency", "1");
        var card = TestCard.Small(settings.Serial, photos: 12, seed: 23);
        using var mounted = TestCard.Create(card);
        var signalled = 0;

        var stopped = await KioskProcess.RunAsync(settings.AsEnvironment(), (line, process) =>
        {
            // After the second file is proven, as a maintainer's `systemctl stop` would.
            if (line.Contains(" verified as ", StringComparison.Ordinal) && Interlocked.Increment(ref signalled) == 2)
                _ = Signals.Send(process.Id, 15); // the exit code asserted below says whether it arrived
        }, "offload", mounted.Root, "--json");

        Assert.True(stopped.ExitCode == ExitCodes.Interrupted, stopped.Stderr);
        Assert.Equal("Interrupted", stopped.Json.Outcome);
        Assert.InRange(stopped.Json.Verified, 2, 11);
        Assert.Equal(0, stopped.Json.Wiped);
        Assert.All(card.Photos, p => Assert.True(mounted.IsOnCard(p)));

        var resumed = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");
        Assert.Equal(ExitCodes.Ok, resumed.ExitCode);
        Assert.Equal((12, stopped.Json.Verified), (resumed.Json.Wiped, resumed.Json.AlreadyPresent));
        mounted.UnmountAndCheck();
    }
}
