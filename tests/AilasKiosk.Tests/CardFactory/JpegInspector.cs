using System.Buffers.Binary;
using System.Text;

namespace AilasKiosk.Tests.CardFactory;

/// <summary>
/// A deliberately independent, minimal reader for what the factory writes: JPEG segments,
/// big-endian TIFF IFDs and GPMF KLVs. Written from the specs, not from the factory's code,
/// so the tests check the format rather than the writer against itself.
/// </summary>
internal static class JpegInspector
{
    public sealed record Segment(byte Marker, int Offset, byte[] Payload);

    public sealed record TiffValue(ushort Type, uint Count, byte[] Raw)
    {
        public string Text => Encoding.ASCII.GetString(Raw).TrimEnd('\0');
        public uint Number => Type switch { 1 or 7 => Raw[0], 3 => BinaryPrimitives.ReadUInt16BigEndian(Raw), _ => BinaryPrimitives.ReadUInt32BigEndian(Raw) };
        public double Rational(int index) =>
            (double)BinaryPrimitives.ReadUInt32BigEndian(Raw.AsSpan(8 * index)) / BinaryPrimitives.ReadUInt32BigEndian(Raw.AsSpan(8 * index + 4));
    }

    public sealed record Klv(string Key, char Type, int StructSize, int Repeat, byte[] Payload, IReadOnlyList<Klv> Children)
    {
        public string Text => Encoding.ASCII.GetString(Payload).TrimEnd('\0');
        public Klv this[string key] => Children.Single(c => c.Key == key);
    }

    /// <summary>Every segment from SOI to SOS by its length field; SOS's payload runs to the end of the file.</summary>
    public static List<Segment> Segments(byte[] jpeg)
    {
        Assert.True(jpeg[0] == 0xFF && jpeg[1] == 0xD8, "no SOI");
        var segments = new List<Segment>();
        int position = 2;
        while (true)
        {
            Assert.True(jpeg[position] == 0xFF, $"no marker at {position}");
            byte marker = jpeg[position + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(position + 2));
            if (marker == 0xDA)
            {
                segments.Add(new Segment(marker, position, jpeg[(position + 4)..]));
                return segments;
            }
            segments.Add(new Segment(marker, position, jpeg[(position + 4)..(position + 2 + length)]));
            position += 2 + length;
        }
    }

    /// <summary>The IFD0, ExifIFD and GPS directories of the Exif APP1 ("GPS" absent when there is none).</summary>
    public static Dictionary<string, Dictionary<ushort, TiffValue>> Exif(byte[] jpeg)
    {
        byte[] app1 = Segments(jpeg).First(s => s.Marker == 0xE1 && s.Payload.AsSpan().StartsWith("Exif\0\0"u8)).Payload;
        byte[] tiff = app1[6..];
        Assert.Equal("MM", Encoding.ASCII.GetString(tiff, 0, 2)); // GoPro writes big-endian
        Assert.Equal(42, BinaryPrimitives.ReadUInt16BigEndian(tiff.AsSpan(2)));

        var directories = new Dictionary<string, Dictionary<ushort, TiffValue>>
        {
            ["IFD0"] = Ifd(tiff, (int)BinaryPrimitives.ReadUInt32BigEndian(tiff.AsSpan(4))),
        };
        directories["ExifIFD"] = Ifd(tiff, (int)directories["IFD0"][0x8769].Number);
        if (directories["IFD0"].TryGetValue(0x8825, out var gps))
            directories["GPS"] = Ifd(tiff, (int)gps.Number);
        return directories;
    }

    /// <summary>The GPMF of the APP6 "GoPro\0" segment, as a tree.</summary>
    public static IReadOnlyList<Klv> Gpmf(byte[] jpeg)
    {
        byte[] app6 = Segments(jpeg).Single(s => s.Marker == 0xE6).Payload;
        Assert.Equal("GoPro\0", Encoding.ASCII.GetString(app6, 0, 6));
        return Klvs(app6.AsSpan(6));
    }

    public static string? Xmp(byte[] jpeg)
    {
        byte[] header = Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0");
        var segment = Segments(jpeg).SingleOrDefault(s => s.Marker == 0xE1 && s.Payload.AsSpan().StartsWith(header));
        return segment is null ? null : Encoding.UTF8.GetString(segment.Payload, header.Length, segment.Payload.Length - header.Length);
    }

    private static Dictionary<ushort, TiffValue> Ifd(byte[] tiff, int offset)
    {
        var entries = new Dictionary<ushort, TiffValue>();
        int count = BinaryPrimitives.ReadUInt16BigEndian(tiff.AsSpan(offset));
        for (int i = 0; i < count; i++)
        {
            var entry = tiff.AsSpan(offset + 2 + 12 * i, 12);
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(entry[2..]);
            uint n = BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
            int size = (int)n * type switch { 3 => 2, 4 => 4, 5 or 10 => 8, _ => 1 };
            byte[] raw = size <= 4
                ? entry.Slice(8, size).ToArray()
                : tiff.AsSpan((int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]), size).ToArray();
            entries[BinaryPrimitives.ReadUInt16BigEndian(entry)] = new TiffValue(type, n, raw);
        }
        return entries;
    }

    private static List<Klv> Klvs(ReadOnlySpan<byte> data)
    {
        var klvs = new List<Klv>();
        while (data.Length >= 8)
        {
            string key = Encoding.ASCII.GetString(data[..4]);
            char type = (char)data[4];
            int structSize = data[5], repeat = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
            int length = structSize * repeat;
            byte[] payload = data.Slice(8, length).ToArray();
            klvs.Add(new Klv(key, type, structSize, repeat, payload, type == '\0' ? Klvs(payload) : []));
            data = data[(8 + (length + 3) / 4 * 4)..];
        }
        Assert.True(data.IsEmpty, "GPMF has trailing bytes");
        return klvs;
    }
}
