using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Identify;

/// <summary>The volume label identifies a card only where it matches the configured pattern (cameras reset labels).</summary>
public class VolumeLabelTests
{
    // A JPEG with no metadata at all: no EXIF serial, no GPMF; and the card has no version.txt.
    private static readonly byte[] Anonymous = [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0x68, 0x69, 0xFF, 0xD9];

    private static async Task<string> AnonymousCard(TempDirectory root)
    {
        var folder = Path.Combine(root.Path, "DCIM", "100GOPRO");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "GOPR0001.JPG"), Anonymous);
        return root.Path;
    }

    [Fact]
    public async Task A_label_matching_the_pattern_and_registered_identifies_the_card()
    {
        using var root = new TempDirectory("ailas-label");
        var card = await AnonymousCard(root);
        var env = new Dictionary<string, string>
        {
            ["AILAS_Cameras__C3471325208995"] = "AILAS-95",
            ["AILAS_Identify__VolumeLabelPattern"] = "^AILAS-[0-9]+$",
        };

        var run = await KioskProcess.RunAsync(env, "identify", card, "--volume-label", "AILAS-95");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("C3471325208995 (model unknown), AILAS-95, per volume label AILAS-95", run.Stdout);
    }

    [Theory]
    [InlineData("", "AILAS-95")]                  // no pattern: labels are ignored
    [InlineData("^AILAS-[0-9]+$", "NO NAME")]     // does not match
    [InlineData("^AILAS-[0-9]+$", "AILAS-96")]    // matches, but no camera has that label
    public async Task Otherwise_the_label_is_ignored(string pattern, string label)
    {
        using var root = new TempDirectory("ailas-label");
        var card = await AnonymousCard(root);
        var env = new Dictionary<string, string>
        {
            ["AILAS_Cameras__C3471325208995"] = "AILAS-95",
            ["AILAS_Identify__VolumeLabelPattern"] = pattern,
        };

        var run = await KioskProcess.RunAsync(env, "identify", card, "--volume-label", label);

        Assert.Equal(ExitCodes.UnknownCamera, run.ExitCode);
        Assert.Contains("1 images carry no camera serial", run.Stdout);
    }
}
