using AilasKiosk.Tests.Display;
using AilasKiosk.Tests.Display.Screens;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>The frames a daemon's simulated display saves (Hardware:FramesDirectory), looked at as the crew would.</summary>
internal static class DisplayFrames
{
    /// <summary>The simulated display saves what its glass shows: one of the frames must be the screen's golden picture.</summary>
    public static async Task WaitForAsync(string frames, string golden)
    {
        var (_, _, expected) = PngWriterTests.Decode(File.ReadAllBytes(Path.Combine(ScreenGoldenTests.GoldenDirectory(), golden + ".png")));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var png in Directory.EnumerateFiles(frames, "*.png"))
            {
                try
                {
                    if (PngWriterTests.Decode(File.ReadAllBytes(png)).Pixels.AsSpan().SequenceEqual(expected))
                        return;
                }
                catch (Exception e) when (e is IOException or InvalidDataException or IndexOutOfRangeException or ArgumentException)
                {
                    // being written, or an old one just deleted: looked at again
                }
            }
            await Task.Delay(200);
        }
        Assert.Fail($"the display never showed {golden}");
    }
}
