using System.Buffers.Binary;
using System.Text;
using AilasKiosk.Inspect;
using AilasKiosk.Inspect.Gpmf;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Identify;

/// <summary>
/// Test data for the GPMF reader: the real GoPro.jpg and its GPMF, plus hand-made KLVs and JPEGs. The builders
/// write bytes directly (not through the factory's GpmfWriter) so hostile headers can say anything.
/// </summary>
internal static class GpmfSamples
{
    // GoPro.jpg from DQT on: its real 8×8 picture, so hand-made JPEGs end like a camera's.
    private static readonly Lazy<byte[]> Picture = new(() =>
    {
        byte[] real = RealJpeg();
        return real[Segments(real).First(s => s.Marker == 0xDB).Offset..];
    });

    /// <summary>The GPMF identity the one header reader finds, from the stream's position to its end.</summary>
    public static GoProCameraInfo? GoProOf(Stream jpeg) => ImageInspector.Inspect(jpeg, jpeg.Length - jpeg.Position).GoPro;

    public static string RealJpegPath => Repo.TestData("gopro", "GoPro.jpg");

    public static byte[] RealJpeg() => File.ReadAllBytes(RealJpegPath);

    /// <summary>The 560 bytes of GPMF in GoPro.jpg's APP6 segment, after "GoPro\0".</summary>
    public static byte[] RealGpmf()
    {
        var app6 = Segments(RealJpeg()).Single(s => s.Marker == 0xE6).Payload;
        Assert.True(app6.AsSpan().StartsWith("GoPro\0"u8));
        return app6[6..];
    }

    /// <summary>One KLV: header as given, then the payload bytes and zero padding to 4 bytes.</summary>
    public static byte[] Klv(string key, byte type, int structSize, int repeat, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[8 + (payload.Length + 3) / 4 * 4];
        Encoding.Latin1.GetBytes(key, bytes);
        bytes[4] = type;
        bytes[5] = (byte)structSize;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), (ushort)repeat);
        payload.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    public static byte[] Text(string key, string value) => Klv(key, (byte)'c', 1, value.Length, Encoding.Latin1.GetBytes(value));

    public static byte[] Nest(string key, params byte[][] children)
    {
        byte[] payload = [.. children.SelectMany(c => c)];
        return Klv(key, 0, 1, payload.Length, payload);
    }

    /// <summary>A JPEG: SOI, the given segments (marker, payload), then the real 8×8 picture (DQT … SOS … EOI).</summary>
    public static byte[] Jpeg(params (byte Marker, byte[] Payload)[] segments)
    {
        var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        foreach (var (marker, payload) in segments)
        {
            jpeg.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
            jpeg.Write(payload);
        }
        jpeg.Write(Picture.Value);
        return jpeg.ToArray();
    }

    /// <summary>An APP6 segment as GoPro writes it: "GoPro\0", then GPMF.</summary>
    public static (byte, byte[]) GoProSegment(byte[] gpmf) => (0xE6, [.. "GoPro\0"u8, .. gpmf]);

    public sealed record Segment(byte Marker, int Offset, byte[] Payload);

    /// <summary>Header segments of a well-formed JPEG, by their length fields, up to SOS.</summary>
    public static List<Segment> Segments(byte[] jpeg)
    {
        var segments = new List<Segment>();
        for (int position = 2; jpeg[position + 1] != 0xDA;)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(position + 2));
            segments.Add(new Segment(jpeg[position + 1], position, jpeg[(position + 4)..(position + 2 + length)]));
            position += 2 + length;
        }
        return segments;
    }
}
