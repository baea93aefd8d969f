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
    public async Task Unusual_names_and_sub_folders_are_offloaded_byte_for_byte_and_what_is_not_taken_makes_the_outcome_LeftOnCard()
    {
        using var state = new TempDirectory();
        using var root = new TempDirectory("ailas-hostile");
        var settings = new KioskSettings(_s3, state.Path, "C3471325208950", KioskSettings.NewLabel("HOSTILE"));
        var card = TestCard.Small(settings.Serial, photos: 2, seed: 51);
        card.WriteTo(root.Path);
        var folder = Path.Combine(root.Path, "DCIM", "100GOPRO");

        // Names FAT long names allow, and a camera's nested folder: all offloaded under exactly that name.
        string[] unusual = ["BAD NAME.JPG", "G\u00e9\u00e9.JPG", "a+b %20#?&=.JPG", "été 日本.JPG", "(1) [2] it's~_-.JPG", "Camera01/2024/G0000001.JPG"];
        foreach (var name in unusual)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, name))!);
            await File.WriteAllTextAsync(Path.Combine(folder, name), $"bytes of {name}");
        }
        // What is never taken: a link to a file and one to a folder outside the card, a pipe, a name S3 cannot hold.
        var secret = Path.Combine(state.Sub("outside"), "secret.JPG");
        await File.WriteAllTextAsync(secret, "not on the card");
        File.CreateSymbolicLink(Path.Combine(folder, "LINK0001.JPG"), secret);
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "DCIM", "102GOPRO"), state.Sub("outside"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(folder, "PIPE0001.JPG")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "BELL\u0007.JPG"), "x");

        using var harness = new EngineHarness(settings);
        var report = await harness.RunAsync(root.Path);

        Assert.Equal(OffloadOutcome.LeftOnCard, report.Outcome);
        Assert.Equal(ExitCodes.LeftOnCard, ExitCodes.For(report.Outcome));
        Assert.Equal((8, 8, 0), (report.Verified, report.Wiped, report.Failed));
        Assert.Equal(["DCIM/100GOPRO/BELL\u0007.JPG", "DCIM/100GOPRO/LINK0001.JPG", "DCIM/100GOPRO/PIPE0001.JPG", "DCIM/102GOPRO"],
            report.Left.Select(l => l.Path).Order(StringComparer.Ordinal));
        Assert.Contains("4 entries that look like photos are still on the card", report.Message);
        Assert.Equal("not on the card", await File.ReadAllTextAsync(secret));
        Assert.True(File.Exists(Path.Combine(folder, "BELL\u0007.JPG")));
        Assert.True(File.Exists(Path.Combine(folder, "LINK0001.JPG")));
        Assert.True(File.Exists(Path.Combine(folder, "PIPE0001.JPG")));
        Assert.All(unusual, name => Assert.False(File.Exists(Path.Combine(folder, name)), name));

        // In the bucket under exactly their names (the key ends with the path below DCIM/), with their bytes.
        var keys = (await _s3.ListAsync(settings.Label + "/")).Where(k => !k.Contains("_manifests")).ToList();
        Assert.Equal(8, keys.Count);
        foreach (var name in unusual)
        {
            var key = Assert.Single(keys, k => k.EndsWith("/100GOPRO/" + name, StringComparison.Ordinal));
            Assert.Equal($"bytes of {name}", System.Text.Encoding.UTF8.GetString((await _s3.GetAsync(key))!));
        }

        // The journal (history) and the manifest say what was left and why.
        var left = harness.Journal.Files(report.SessionId!).Where(f => f.State == FileState.Failed).ToList();
        Assert.Equal(4, left.Count);
        Assert.All(left, f => Assert.StartsWith("left on the card: ", f.Error));
        var manifest = await File.ReadAllTextAsync(Path.Combine(state.Path, "manifests", $"{report.SessionId}.json"));
        Assert.Contains("symbolic link; not followed", manifest);
        Assert.Contains("not a regular file", manifest);
        var history = await KioskProcess.RunAsync(settings.AsEnvironment(), "history");
        Assert.Contains("LeftOnCard", history.Stdout);
        Assert.Contains("kept on the card: DCIM/100GOPRO/LINK0001.JPG: left on the card: symbolic link; not followed", history.Stdout);
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
