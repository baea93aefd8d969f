using AilasKiosk.Cli;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Tests.Display;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Presentation;

/// <summary>The maintainer's hardware commands, run as the real executable with simulated hardware.</summary>
public class CrewCommandsTests
{
    [Fact]
    public async Task Display_render_writes_every_screen_as_the_png_the_goldens_pin_down()
    {
        using var dir = new TempDirectory();
        var run = await KioskProcess.RunAsync([], "display", "render", "--out", dir.Path);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Equal(SampleScreens.All.Keys.Order(), Directory.GetFiles(dir.Path, "*.png").Select(Path.GetFileNameWithoutExtension).Order());
        var golden = Path.Combine(Repo.Root, "tests", "AilasKiosk.Tests", "Display", "Screens", "golden", "problem-unknown-camera.png");
        Assert.Equal(PngWriterTests.Decode(File.ReadAllBytes(golden)).Pixels,
            PngWriterTests.Decode(File.ReadAllBytes(Path.Combine(dir.Path, "problem-unknown-camera.png"))).Pixels);
    }

    [Fact]
    public async Task Leds_test_and_display_test_run_every_signal_and_screen_on_simulated_hardware()
    {
        using var state = new TempDirectory();
        KeyValuePair<string, string>[] env = [new("AILAS_Hardware__Simulated", "true"), new("AILAS_State__Directory", state.Path)];

        var leds = await KioskProcess.RunAsync(env, "leds", "test", "--seconds", "0.05");
        Assert.True(leds.ExitCode == ExitCodes.Ok, leds.Stderr + leds.Stdout);
        foreach (var signal in new[] { "Ready", "Working", "SafeToRemove", "ProblemCardUntouched", "UnknownCamera", "WaitingForClock", "StorageDownIdle" })
            Assert.Contains(signal, leds.Stdout);

        var display = await KioskProcess.RunAsync(env, "display", "test", "--seconds", "0.05");
        Assert.True(display.ExitCode == ExitCodes.Ok, display.Stderr + display.Stdout);
        // The test pattern plus each screen went through the SSD1306 driver into the emulated glass, then to PNG.
        Assert.Equal(SampleScreens.All.Count + 1, Directory.GetFiles(Path.Combine(state.Path, "frames"), "frame-*.png").Length);
        Assert.Contains("│", display.Stdout);
    }

    [Fact]
    public async Task A_wrong_hardware_setting_is_named()
    {
        var run = await KioskProcess.RunAsync([new("AILAS_Hardware__Leds__Red", "17")], "leds", "test");
        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.Contains("Hardware:Leds", run.Stderr);
    }
}
