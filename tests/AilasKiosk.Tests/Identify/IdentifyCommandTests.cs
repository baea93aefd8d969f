using System.Text.Json;
using AilasKiosk.CardFactory;
using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Identify;

/// <summary>`ailas-kiosk identify`: what the kiosk would do with a card, without touching it.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class IdentifyCommandTests
{
    private static IdentifyCommand.CardIdentification Parse(KioskProcess.Result run) =>
        JsonSerializer.Deserialize<IdentifyCommand.CardIdentification>(run.Stdout.Trim().Split('\n')[^1])!;

    [Fact]
    public async Task A_registered_cameras_card_is_identified_from_version_txt_and_its_images()
    {
        using var root = new TempDirectory("ailas-identify");
        TestCard.Small("C3471325208980", photos: 4, seed: 81).WriteTo(root.Path);

        var run = await KioskProcess.RunAsync(new Dictionary<string, string> { ["AILAS_Cameras__C3471325208980"] = "AILAS-80" },
            "identify", root.Path, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var report = Parse(run);
        Assert.Equal(("C3471325208980", "MISC/version.txt"), (report.CardCamera!.Serial, report.CardCamera.Source));
        var camera = Assert.Single(report.Cameras);
        Assert.Equal(("C3471325208980", "AILAS-80", "HERO10 Black", 4), (camera.Serial, camera.Label, camera.Model, camera.Images));
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public async Task A_mixed_card_with_an_unregistered_camera_is_reported_and_left_untouched()
    {
        using var root = new TempDirectory("ailas-identify");
        var a = TestCard.Small("C3471325208981", photos: 2, seed: 82);
        var b = GoProCard.Realistic(CameraProfile.Max("C3351324612182"), 3, seed: 83, minBytes: 300_000, maxBytes: 1_000_000);
        (a with { Photos = [.. a.Photos, .. b.Photos] }).WriteTo(root.Path);
        var before = Snapshot(root.Path);

        var run = await KioskProcess.RunAsync(new Dictionary<string, string> { ["AILAS_Cameras__C3471325208981"] = "AILAS-81" },
            "identify", root.Path, "--json");

        Assert.Equal(ExitCodes.UnknownCamera, run.ExitCode);
        var report = Parse(run);
        Assert.Equal([("C3351324612182", (string?)null, 3), ("C3471325208981", "AILAS-81", 2)],
            report.Cameras.Select(c => (c.Serial, c.Label, c.Images)).ToList());
        Assert.Contains(report.Warnings, w => w.Contains("3 images were taken by another camera"));
        Assert.Contains(report.Warnings, w => w.Contains("camera C3351324612182 (GoPro Max) is not registered"));
        Assert.Equal(before, Snapshot(root.Path));
    }

    [Fact]
    public async Task A_missing_card_is_unreadable()
    {
        var run = await KioskProcess.RunAsync([], "identify", "/nonexistent/card");
        Assert.Equal(ExitCodes.CardUnreadable, run.ExitCode);
        Assert.Contains("card directory not found", run.Stdout);
    }

    private static List<string> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}").ToList();
}
