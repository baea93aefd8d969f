using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Simulation;

namespace AilasKiosk.Tests.Display;

/// <summary>The PNG is parsed back by hand: signature, chunk CRCs, IHDR fields, and the inflated pixels.</summary>
public class PngWriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void The_png_decodes_to_the_frame(int scale)
    {
        var frame = Frames.SampleScreen();
        using var png = new MemoryStream();
        PngWriter.Write(frame, png, scale);

        var (width, height, pixels) = Decode(png.ToArray());

        Assert.Equal(128 * scale, width);
        Assert.Equal(64 * scale, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var gray = pixels[y * width + x];
                Assert.Equal(PngWriter.GrayAt(frame, scale, x, y), gray);
                // Away from the pixel gaps, brightness is exactly the frame's pixel.
                if (x % scale != scale - 1 && y % scale != scale - 1 || scale < 3)
                    Assert.Equal(frame.GetPixel(x / scale, y / scale), gray == PngWriter.Lit);
            }
    }

    [Fact]
    public void The_sample_screen_renders_and_round_trips()
    {
        var frame = Frames.SampleScreen();
        using var png = new MemoryStream();
        PngWriter.Write(frame, png);
        var (width, height, _) = Decode(png.ToArray());
        Assert.Equal((512, 256), (width, height));

        // Set AILAS_DISPLAY_SAMPLE_PNG to keep a copy for review; the test never writes elsewhere.
        var keep = Environment.GetEnvironmentVariable("AILAS_DISPLAY_SAMPLE_PNG");
        if (!string.IsNullOrEmpty(keep)) File.WriteAllBytes(keep, png.ToArray());
    }

    [Fact]
    public void The_terminal_rendering_packs_two_rows_per_line()
    {
        var frame = new MonoFrame();
        frame.SetPixel(0, 0);
        frame.SetPixel(1, 1);
        frame.SetPixel(2, 0);
        frame.SetPixel(2, 1);
        var lines = TerminalRenderer.Render(frame).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(32, lines.Length);
        Assert.All(lines, line => Assert.Equal(128, line.Length));
        Assert.StartsWith("▀▄█ ", lines[0]);
        Assert.Equal(3, lines.Sum(line => line.Count(c => c != ' ')));
    }

    internal static (int Width, int Height, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        var at = 8;
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length).ToArray();
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32.HashToUInt32(png.AsSpan(at + 4, 4 + length)), crc);
            chunks.Add((type, data));
            at += 12 + length;
        }
        Assert.Equal(png.Length, at);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));

        var header = chunks[0].Data;
        Assert.Equal(13, header.Length);
        var width = BinaryPrimitives.ReadInt32BigEndian(header);
        var height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0 }, header[8..]); // 8-bit gray, deflate, filter 0, no interlace
        Assert.Empty(chunks[2].Data);

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        var raw = inflated.ToArray();
        Assert.Equal(height * (1 + width), raw.Length);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (1 + width)]); // filter type None
            Array.Copy(raw, y * (1 + width) + 1, pixels, y * width, width);
        }
        return (width, height, pixels);
    }
}
