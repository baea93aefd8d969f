using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using AilasKiosk.Crew.Screens;

namespace AilasKiosk.Simulation;

/// <summary>
/// Writes a frame as an 8-bit grayscale PNG (no imaging library on the kiosk): signature, IHDR, one IDAT
/// (zlib via <see cref="ZLibStream"/>), IEND, each chunk with its CRC-32. Every pixel becomes a scale×scale
/// square; from scale 3 up the right column and bottom row of each square are dimmer, like the gaps between
/// a real OLED's pixels, so screenshots read as the panel rather than as a flat bitmap.
/// </summary>
internal static class PngWriter
{
    public const int MaxScale = 16;

    /// <summary>Gray levels: a lit pixel, the gap beside a lit pixel, an unlit pixel (OLED black is not quite black on a screenshot), its gap.</summary>
    public const byte Lit = 0xF0, LitGap = 0x70, Unlit = 0x14, UnlitGap = 0x00;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static void Write(MonoFrame frame, Stream output, int scale = 4)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
        int width = MonoFrame.Width * scale, height = MonoFrame.Height * scale;

        output.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bit depth
        header[9] = 0;  // colour type: grayscale
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);

        WriteChunk(output, "IDAT", Compress(frame, scale, width, height));
        WriteChunk(output, "IEND", []);
    }

    public static byte GrayAt(MonoFrame frame, int scale, int px, int py)
    {
        var lit = frame.GetPixel(px / scale, py / scale);
        var gap = scale >= 3 && (px % scale == scale - 1 || py % scale == scale - 1);
        return (lit, gap) switch
        {
            (true, false) => Lit,
            (true, true) => LitGap,
            (false, false) => Unlit,
            _ => UnlitGap,
        };
    }

    private static byte[] Compress(MonoFrame frame, int scale, int width, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + width]; // filter type 0 (None), then the row's pixels
            for (var py = 0; py < height; py++)
            {
                for (var px = 0; px < width; px++)
                    row[1 + px] = GrayAt(frame, scale, px, py);
                zlib.Write(row);
            }
        }
        return compressed.ToArray();
    }

    /// <summary>Length, type, data, then CRC-32 over type and data (big-endian, as every PNG integer).</summary>
    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);

        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);

        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        output.Write(word);
    }
}
