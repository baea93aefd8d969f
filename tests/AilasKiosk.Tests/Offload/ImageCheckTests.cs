using System.Text.Json;
using AilasKiosk.CardFactory;
using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>Image checks are reported in the summary and the manifest, and never block the offload.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class ImageCheckTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Fact]
    public async Task Images_without_GPS_or_with_a_wrong_clock_are_offloaded_and_reported()
    {
        using var state = new TempDirectory();
        using var root = new TempDirectory("ailas-checks");
        var settings = new KioskSettings(_s3, state.Path, "C3471325208990", KioskSettings.NewLabel("CHECKS"));
        var good = TestCard.Small(settings.Serial, photos: 5, seed: 91);
        var photos = good.Photos.Select((p, i) => i switch
        {
            0 or 1 => p with { Spec = p.Spec with { Gps = null } },                                      // GPS off
            2 => p with { Spec = p.Spec with { CaptureTime = p.Spec.CaptureTime.AddMinutes(10) } },      // clock 10 min fast
            _ => p,
        }).ToList();
        (good with { Photos = photos }).WriteTo(root.Path);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", root.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Equal(5, run.Json.Wiped);
        Assert.Contains(run.Json.Warnings, w => w.StartsWith("2 of 5 images have no GPS position", StringComparison.Ordinal));
        Assert.Contains(run.Json.Warnings, w => w.Contains("camera clock more than 2 min off GPS time"));

        using var manifest = JsonDocument.Parse((await _s3.GetAsync(run.Json.ManifestKey!))!);
        var checks = manifest.RootElement.GetProperty("checks");
        Assert.Equal(5, checks.GetProperty("images").GetInt32());
        Assert.Equal(2, checks.GetProperty("problems").GetProperty("noGps").GetProperty("count").GetInt32());
        Assert.Equal(1, checks.GetProperty("problems").GetProperty("clockSkew").GetProperty("count").GetInt32());
        var camera = Assert.Single(manifest.RootElement.GetProperty("cameras").EnumerateArray());
        Assert.Equal((settings.Serial, settings.Label, 5),
            (camera.GetProperty("serial").GetString(), camera.GetProperty("label").GetString(), camera.GetProperty("images").GetInt32()));
    }

    [Fact]
    public async Task Broken_images_are_still_secured_and_named_in_the_warnings()
    {
        using var state = new TempDirectory();
        using var root = new TempDirectory("ailas-broken");
        var settings = new KioskSettings(_s3, state.Path, "C3471325208991", KioskSettings.NewLabel("BROKEN"));
        TestCard.Small(settings.Serial, photos: 2, seed: 92).WriteTo(root.Path);
        var folder = Path.Combine(root.Path, "DCIM", "100GOPRO");
        await File.WriteAllBytesAsync(Path.Combine(folder, "G0099998.JPG"), []);
        var whole = GoProJpeg.Build(CameraProfile.Hero10(settings.Serial),
            new PhotoSpec("100GOPRO", "G0099999.JPG", 400_000, new DateTime(2024, 6, 12, 10, 0, 0), null, Seed: 5));
        await File.WriteAllBytesAsync(Path.Combine(folder, "G0099999.JPG"), whole[..(whole.Length / 2)]);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", root.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Equal(4, run.Json.Wiped);
        Assert.Contains(run.Json.Warnings, w => w.Contains("empty (0 bytes)") && w.Contains("G0099998.JPG"));
        Assert.Contains(run.Json.Warnings, w => w.Contains("cut short") && w.Contains("G0099999.JPG"));
    }
}
