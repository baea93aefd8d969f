using AilasKiosk.Cli;
using AilasKiosk.Journal;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>Invariant 5 (the card is untrusted input), on card directories that FAT cannot even hold.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class HostileCardTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Fact]
    public async Task Links_pipes_and_odd_names_are_skipped_never_followed_and_never_deleted()
    {
        using var state = new TempDirectory();
        using var root = new TempDirectory("ailas-hostile");
        var settings = new KioskSettings(_s3, state.Path, "C3471325208950", KioskSettings.NewLabel("HOSTILE"));
        var card = TestCard.Small(settings.Serial, photos: 2, seed: 51);
        card.WriteTo(root.Path);
        var folder = Path.Combine(root.Path, "DCIM", "100GOPRO");

        var secret = Path.Combine(state.Sub("outside"), "secret.JPG");
        await File.WriteAllTextAsync(secret, "not on the card");
        File.CreateSymbolicLink(Path.Combine(folder, "LINK0001.JPG"), secret);
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "DCIM", "102GOPRO"), state.Sub("outside"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(folder, "PIPE0001.JPG")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "BAD NAME.JPG"), "x");
        await File.WriteAllTextAsync(Path.Combine(folder, "G\u00e9\u00e9.JPG"), "x");

        using var harness = new EngineHarness(settings);
        var report = await harness.RunAsync(root.Path);

        Assert.Equal(OffloadOutcome.Completed, report.Outcome);
        Assert.Equal(2, report.Wiped);
        Assert.Equal("not on the card", await File.ReadAllTextAsync(secret));
        Assert.True(File.Exists(Path.Combine(folder, "LINK0001.JPG")));
        Assert.True(File.Exists(Path.Combine(folder, "PIPE0001.JPG")));
        Assert.True(File.Exists(Path.Combine(folder, "BAD NAME.JPG")));
        Assert.Equal(5, report.Warnings.Count);
        Assert.Equal(2, (await _s3.ListAsync(settings.Label + "/")).Count(k => !k.Contains("_manifests")));
    }

    [Fact]
    public async Task A_card_with_more_files_than_the_bound_is_refused_as_unreadable()
    {
        using var state = new TempDirectory();
        using var root = new TempDirectory("ailas-huge");
        var settings = new KioskSettings(_s3, state.Path, "C3471325208951", KioskSettings.NewLabel("HUGE")).With("Offload:MaxFiles", "50");
        var folder = Path.Combine(root.Path, "DCIM", "100GOPRO");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < 51; i++)
            await File.WriteAllTextAsync(Path.Combine(folder, $"G{i:0000000}.JPG"), "x");

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", root.Path, "--json");

        Assert.Equal(ExitCodes.CardUnreadable, run.ExitCode);
        Assert.Contains("more than 50", run.Json.Message);
        Assert.Equal(51, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public async Task Images_of_an_unregistered_camera_are_secured_in_quarantine_kept_and_filed_once_it_is_registered()
    {
        using var state = new TempDirectory();
        using var root = new TempDirectory("ailas-unknown");
        var label = KioskSettings.NewLabel("LATE");
        const string serial = "C9999999999999";
        var settings = new KioskSettings(_s3, state.Path, "C3471325208952", KioskSettings.NewLabel("OTHER"));
        var card = TestCard.Small(serial, photos: 2, seed: 52);
        card.WriteTo(root.Path);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", root.Path, "--json");

        Assert.Equal(ExitCodes.UnknownCamera, run.ExitCode);
        Assert.Equal((serial, 2, 2, 0, 0), (run.Json.Serial, run.Json.Quarantined, run.Json.Verified, run.Json.Wiped, run.Json.Failed));
        Assert.Contains($"unknown camera {serial}", run.Json.Message);
        Assert.Contains($"cameras add {serial}", run.Json.Message);
        Assert.All(card.Photos, p => Assert.True(File.Exists(Path.Combine(root.Path, p.RelativePath))));
        foreach (var photo in card.Photos)
        {
            var quarantineKey = $"_unassigned/{serial}/{photo.Spec.CaptureTime:yyyy-MM-dd}/{photo.Spec.Folder}/{photo.Spec.FileName}";
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(quarantineKey));
        }
        Assert.Contains($"_unassigned/{serial}/_manifests/{run.Json.Session}.json", await _s3.ListAsync($"_unassigned/{serial}/_manifests/"));

        // The maintainer registers the camera; the next insertion files the images under its label and wipes them.
        settings.With($"Cameras:{serial}", label);
        var again = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", root.Path, "--json");

        Assert.True(again.ExitCode == ExitCodes.Ok, again.Stderr);
        Assert.Equal((label, 2, 2, 0), (again.Json.Label, again.Json.Uploaded, again.Json.Wiped, again.Json.Quarantined));
        foreach (var photo in card.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(label, photo)));
    }

    [Fact]
    public async Task A_missing_card_directory_is_unreadable()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208953", KioskSettings.NewLabel("NOCARD"));
        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", "/nonexistent/card", "--json");
        Assert.Equal(ExitCodes.CardUnreadable, run.ExitCode);
    }
}
