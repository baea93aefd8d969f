using AilasKiosk.Hardware.Display;
using AilasKiosk.Hardware.Display.Screens;

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
    public static TheoryData<string> Names => new(Examples.All.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Screen_matches_its_golden_png(string name)
    {
        var png = Png(ScreenRenderer.Render(Examples.All[name]));
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

    [Fact]
    public void Rendering_is_deterministic()
    {
        foreach (var state in Examples.All.Values)
            Assert.True(ScreenRenderer.Render(state).ContentEquals(ScreenRenderer.Render(state)));
    }

    [Fact]
    public void Every_screen_lights_something_and_leaves_most_dark()
    {
        foreach (var (name, state) in Examples.All)
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

/// <summary>One realistic example per state and per problem kind, named as their golden files.</summary>
internal static class Examples
{
    private const long GB = 1_000_000_000;

    public static readonly IReadOnlyDictionary<string, ScreenState> All = new Dictionary<string, ScreenState>
    {
        ["idle"] = new ScreenState.Idle("192.168.1.23", true, "AILAS-07 · 312 photos · 14:02"),
        ["idle-storage-down"] = new ScreenState.Idle(null, false, null),
        ["working-identifying"] = new ScreenState.Working("AILAS-07", WorkPhase.Identifying, 0, 0, 0, 0, null, null),
        ["working-uploading"] = new ScreenState.Working("AILAS-07", WorkPhase.Uploading, 412, 731, 5_200_000_000, 9_100_000_000, 11.3, TimeSpan.FromMinutes(6.2)),
        ["working-verifying"] = new ScreenState.Working("AILAS-07", WorkPhase.Verifying, 700, 731, 8_800_000_000, 9_100_000_000, 42.0, TimeSpan.FromSeconds(20)),
        ["working-wiping"] = new ScreenState.Working("AILAS-07", WorkPhase.Wiping, 120, 731, 0, 0, null, null),
        ["working-long-label"] = new ScreenState.Working("AILAS-LONGNAME-123", WorkPhase.Uploading, 1412, 2731, 21 * GB, 39 * GB, 4.7, TimeSpan.FromMinutes(64)),
        ["done"] = new ScreenState.Done("AILAS-07", 731, 9_100_000_000),
        ["problem-storage-unreachable"] = new ScreenState.Problem(ProblemKind.StorageUnreachable, null, false),
        ["problem-storage-unreachable-changed"] = new ScreenState.Problem(ProblemKind.StorageUnreachable, null, true),
        ["problem-storage-refused"] = new ScreenState.Problem(ProblemKind.StorageRefused, "AccessDenied", false),
        ["problem-storage-full"] = new ScreenState.Problem(ProblemKind.StorageFull, null, true),
        ["problem-waiting-for-clock"] = new ScreenState.Problem(ProblemKind.WaitingForClock, null, false),
        ["problem-unknown-camera"] = new ScreenState.Problem(ProblemKind.UnknownCamera, "C3441325123456", false),
        ["problem-not-a-camera-card"] = new ScreenState.Problem(ProblemKind.NotACameraCard, null, false),
        ["problem-card-read-error"] = new ScreenState.Problem(ProblemKind.CardReadError, null, false),
        ["problem-card-pulled-too-early"] = new ScreenState.Problem(ProblemKind.CardPulledTooEarly, null, true),
        ["problem-partial-failure"] = new ScreenState.Problem(ProblemKind.PartialFailure, "17 of 731 files", true),
    };
}
