using AilasKiosk.CardFactory;
using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>Every image is filed under the camera that took it, whatever MISC/version.txt says.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class CameraSplitTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Fact]
    public async Task A_card_holding_two_cameras_images_is_split_between_both_labels()
    {
        using var state = new TempDirectory();
        var (serialA, serialB) = ("C3471325208970", "C3351324612171");
        var settings = new KioskSettings(_s3, state.Path, serialA, KioskSettings.NewLabel("CAMA"));
        var labelB = KioskSettings.NewLabel("CAMB");
        settings.With($"Cameras:{serialB}", labelB);
        // A's card (its version.txt) that also went into camera B, a MAX, for a while.
        var a = TestCard.Small(serialA, photos: 3, seed: 71);
        var b = GoProCard.Realistic(CameraProfile.Max(serialB), 3, seed: 72, minBytes: 300_000, maxBytes: 2_000_000);
        var card = a with { Photos = [.. a.Photos, .. b.Photos] };
        Assert.Equal(6, card.Photos.Select(p => p.RelativePath).Distinct().Count());
        using var mounted = TestCard.Create(card);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Equal((6, 6, 0), (run.Json.Verified, run.Json.Wiped, run.Json.Quarantined));
        foreach (var photo in a.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        foreach (var photo in b.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(labelB, photo)));
        Assert.Single(await _s3.ListAsync($"{settings.Label}/_manifests/"));
        Assert.Single(await _s3.ListAsync($"{labelB}/_manifests/"));
        Assert.Contains($"was taken by camera {serialB}", run.Stderr);
        Assert.Contains($"not by {serialA} that MISC/version.txt names", run.Stderr);
        Assert.Contains(run.Json.Warnings, w => w.StartsWith($"3 images were taken by camera {serialB}, not by {serialA}", StringComparison.Ordinal));
        mounted.UnmountAndCheck();
    }
}
