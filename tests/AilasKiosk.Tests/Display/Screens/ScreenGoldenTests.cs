using AilasKiosk.Crew.Screens;
using AilasKiosk.Simulation;

namespace AilasKiosk.Tests.Display.Screens;

/// <summary>
/// Each screen is rendered to a PNG (scale 4) and compared byte for byte with a golden PNG in
/// tests/AilasKiosk.Tests/Display/Screens/golden/&lt;name&gt;.png, read from the source tree (found by walking up
/// from the test binaries to the folder holding AilasKiosk.sln).
/// To regenerate after an intended layout change, run the tests with AILAS_UPDATE_GOLDEN=1, then LOOK at the
/// changed PNGs before committing them:
///   AILAS_UPDATE_GOLDEN=1 dotnet test tests/AilasKiosk.Tests --filter "FullyQualifiedName~Screens"
/// </summary>
public class ScreenGoldenTests
{
    public static TheoryData<string> Names => new(SampleScreens.All.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Screen_matches_its_golden_png(string name)
    {
        var png = Png(ScreenRenderer.Render(SampleScreens.All[name]));
        var path = Path.Combine(GoldenDirectory(), name + ".png");

        if (Environment.GetEnvironmentVariable("AILAS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, png);
            return;
        }

        Assert.True(File.Exists(path), $"No golden {path}; run with AILAS_UPDATE_GOLDEN=1 to create it.");
        // Pixels, not bytes: another zlib could compress the same picture differently.
        var (goldenWidth, goldenHeight, goldenPixels) = PngWriterTests.Decode(File.ReadAllBytes(path));
        var (width, height, pixels) = PngWriterTests.Decode(png);
        Assert.True((goldenWidth, goldenHeight) == (width, height) && goldenPixels.AsSpan().SequenceEqual(pixels),
            $"{name} differs from {path}; if the change is intended, regenerate with AILAS_UPDATE_GOLDEN=1 and look at it.");
    }

    [Theory]
    [InlineData(OledControllerKind.Ssd1306)]
    [InlineData(OledControllerKind.Sh1106)]
    public void Every_screen_reaches_the_glass_pixel_identical_through_the_driver(OledControllerKind kind)
    {
        // One driver for all screens, in turn: each is a partial update (only changed pages sent) of the one before.
        var glass = new OledEmulator(kind);
        using var driver = Frames.Controller(kind, glass);
        driver.Initialize();
        foreach (var (name, state) in SampleScreens.All)
        {
            driver.Show(ScreenRenderer.Render(state));
            var (_, _, golden) = PngWriterTests.Decode(File.ReadAllBytes(Path.Combine(GoldenDirectory(), name + ".png")));
            var (_, _, shown) = PngWriterTests.Decode(Png(glass.Visible));
            Assert.True(golden.AsSpan().SequenceEqual(shown), $"{name}: the {kind} glass differs from its golden");
        }
        Assert.Empty(glass.Anomalies);
        Assert.Empty(glass.UnknownCommands);
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        foreach (var state in SampleScreens.All.Values)
            Assert.True(ScreenRenderer.Render(state).ContentEquals(ScreenRenderer.Render(state)));
    }

    [Fact]
    public void Every_screen_lights_something_and_leaves_most_dark()
    {
        foreach (var (name, state) in SampleScreens.All)
        {
            var frame = ScreenRenderer.Render(state);
            var lit = 0;
            for (var y = 0; y < MonoFrame.Height; y++)
                for (var x = 0; x < MonoFrame.Width; x++)
                    if (frame.GetPixel(x, y)) lit++;
            Assert.True(lit is >= 100 and <= MonoFrame.Width * MonoFrame.Height / 2, $"{name}: {lit} pixels lit");
        }
    }

    private static byte[] Png(MonoFrame frame)
    {
        using var stream = new MemoryStream();
        PngWriter.Write(frame, stream, 4);
        return stream.ToArray();
    }

    internal static string GoldenDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AilasKiosk.sln")))
                return Path.Combine(dir.FullName, "tests", "AilasKiosk.Tests", "Display", "Screens", "golden");
        throw new InvalidOperationException($"No AilasKiosk.sln above {AppContext.BaseDirectory}.");
    }
}
