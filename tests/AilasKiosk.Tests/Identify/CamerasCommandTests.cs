using System.Text.Json;
using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Identify;

/// <summary>`ailas-kiosk cameras list|add`: the registry a maintainer keeps, without touching kiosk.json.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class CamerasCommandTests
{
    private static Dictionary<string, string> Env(string registry) => new() { ["AILAS_Registry__File"] = registry };

    [Fact]
    public async Task Add_then_list_shows_the_camera_and_the_file_it_lives_in()
    {
        using var dir = new TempDirectory();
        var registry = Path.Combine(dir.Path, "etc", "cameras.json");

        var empty = await KioskProcess.RunAsync(Env(registry), "cameras", "list");
        Assert.Contains("No camera registered", empty.Stdout);

        var add = await KioskProcess.RunAsync(Env(registry), "cameras", "add", "c3471325208909", "AILAS-07");
        Assert.Equal(ExitCodes.Ok, add.ExitCode);

        var list = await KioskProcess.RunAsync(Env(registry), "cameras", "list", "--json");
        var rows = JsonSerializer.Deserialize<List<CamerasCommand.CameraEntry>>(list.Stdout.Trim())!;
        Assert.Equal(new CamerasCommand.CameraEntry("C3471325208909", "AILAS-07", registry), Assert.Single(rows));
    }

    [Fact]
    public async Task Relabelling_or_reusing_a_label_needs_force()
    {
        using var dir = new TempDirectory();
        var registry = Path.Combine(dir.Path, "cameras.json");
        Assert.Equal(ExitCodes.Ok, (await KioskProcess.RunAsync(Env(registry), "cameras", "add", "C3471325208909", "AILAS-07")).ExitCode);

        var relabel = await KioskProcess.RunAsync(Env(registry), "cameras", "add", "C3471325208909", "AILAS-08");
        Assert.Equal(ExitCodes.Configuration, relabel.ExitCode);
        Assert.Contains("already AILAS-07; use --force", relabel.Stderr);

        var reuse = await KioskProcess.RunAsync(Env(registry), "cameras", "add", "C3471325208910", "AILAS-07");
        Assert.Equal(ExitCodes.Configuration, reuse.ExitCode);
        Assert.Contains("already belongs to camera C3471325208909", reuse.Stderr);

        Assert.Equal(ExitCodes.Ok, (await KioskProcess.RunAsync(Env(registry), "cameras", "add", "C3471325208909", "AILAS-08", "--force")).ExitCode);
        Assert.Contains("\"C3471325208909\": \"AILAS-08\"", await File.ReadAllTextAsync(registry));
    }

    [Theory]
    [InlineData("../../etc", "AILAS-07", "a serial is 6 to 32 upper-case letters")]
    [InlineData("C3471325208909", "AILAS 07", "label 'AILAS 07' may hold only")]
    public async Task Bad_entries_are_refused(string serial, string label, string reason)
    {
        using var dir = new TempDirectory();
        var registry = Path.Combine(dir.Path, "cameras.json");
        var run = await KioskProcess.RunAsync(Env(registry), "cameras", "add", serial, label);
        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.Contains(reason, run.Stderr);
        Assert.False(File.Exists(registry));
    }

    [Fact]
    public async Task A_broken_registry_file_is_a_configuration_error()
    {
        using var dir = new TempDirectory();
        var registry = Path.Combine(dir.Path, "cameras.json");
        await File.WriteAllTextAsync(registry, "{ \"Cameras\": { broken");
        var run = await KioskProcess.RunAsync(Env(registry), "cameras", "list");
        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.Contains(registry, run.Stderr);
    }

    [Fact]
    public async Task The_offload_files_a_card_under_the_label_from_the_registry_file()
    {
        using var state = new TempDirectory();
        var s3 = Radosgw.Instance;
        var label = KioskSettings.NewLabel("REG");
        var settings = new KioskSettings(s3, state.Path, "C3471325208960", label).With("Cameras:C3471325208960", null);
        var registry = Path.Combine(state.Path, "cameras.json");
        settings.With("Registry:File", registry);
        Assert.Equal(ExitCodes.Ok, (await KioskProcess.RunAsync(Env(registry), "cameras", "add", "C3471325208960", label)).ExitCode);
        using var root = new TempDirectory("ailas-reg");
        TestCard.Small("C3471325208960", photos: 2, seed: 61).WriteTo(root.Path);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", root.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Equal(label, run.Json.Label);
    }
}
