using System.Buffers.Binary;
using System.Text;

namespace AilasKiosk.CardFactory;

/// <summary>
/// One TIFF image file directory (IFD) under construction. Values are stored big-endian
/// ("MM"), the byte order GoPro cameras use. Sub-IFDs (ExifIFD, GPS) hang off pointer tags.
/// </summary>
internal sealed class Ifd
{
    // TIFF field types used by EXIF.
    private const ushort Byte = 1, Ascii = 2, Short = 3, Long = 4, Rational = 5, Undefined = 7, SRational = 10;

    internal readonly record struct Entry(ushort Tag, ushort Type, uint Count, byte[] Value, Ifd? Child);

    private readonly SortedDictionary<ushort, Entry> entries = []; // TIFF wants tags in ascending order

    public IEnumerable<Entry> Entries => entries.Values;

    /// <summary>NUL-terminated; with <paramref name="fixedLength"/> padded with NULs like GoPro's fixed-width fields.</summary>
    public Ifd AsciiText(ushort tag, string text, int? fixedLength = null)
    {
        byte[] value = new byte[Math.Max(fixedLength ?? 0, text.Length + 1)];
        Encoding.ASCII.GetBytes(text, value);
        return Add(tag, Ascii, (uint)value.Length, value);
    }

    public Ifd Bytes(ushort tag, params byte[] values) => Add(tag, Byte, (uint)values.Length, values);

    public Ifd UndefinedBytes(ushort tag, params byte[] values) => Add(tag, Undefined, (uint)values.Length, values);

    public Ifd Shorts(ushort tag, params ushort[] values)
    {
        byte[] value = new byte[2 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2 * i), values[i]);
        return Add(tag, Short, (uint)values.Length, value);
    }

    public Ifd Longs(ushort tag, params uint[] values)
    {
        byte[] value = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(4 * i), values[i]);
        return Add(tag, Long, (uint)values.Length, value);
    }

    public Ifd Rationals(ushort tag, params (uint Numerator, uint Denominator)[] values) =>
        Add(tag, Rational, (uint)values.Length, PackRationals(values));

    public Ifd SignedRationals(ushort tag, params (int Numerator, int Denominator)[] values) =>
        Add(tag, SRational, (uint)values.Length, PackRationals(values.Select(v => ((uint)v.Numerator, (uint)v.Denominator))));

    /// <summary>A LONG tag whose value will be the offset of <paramref name="child"/>.</summary>
    public Ifd Pointer(ushort tag, Ifd child)
    {
        entries[tag] = new Entry(tag, Long, 1, new byte[4], child);
        return this;
    }

    private Ifd Add(ushort tag, ushort type, uint count, byte[] value)
    {
        entries[tag] = new Entry(tag, type, count, value, null);
        return this;
    }

    // A signed rational is stored as the same bits as an unsigned one.
    private static byte[] PackRationals(IEnumerable<(uint Numerator, uint Denominator)> values)
    {
        var list = values.ToList();
        byte[] value = new byte[8 * list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(8 * i), list[i].Numerator);
            BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(8 * i + 4), list[i].Denominator);
        }
        return value;
    }
}

/// <summary>
/// Serialises an IFD tree into a big-endian TIFF block (the payload of an Exif APP1 after
/// "Exif\0\0"). Layout: header, then each IFD followed by its out-of-line values, depth first.
/// </summary>
internal static class TiffWriter
{
    private const int HeaderSize = 8, EntrySize = 12;

    public static byte[] Write(Ifd root)
    {
        var order = new List<Ifd>();
        Collect(root, order);

        // Pass 1: where each IFD starts.
        var offsets = new Dictionary<Ifd, int>();
        int position = HeaderSize;
        foreach (Ifd ifd in order)
        {
            offsets[ifd] = position;
            position += SizeOf(ifd);
        }

        // Pass 2: write.
        byte[] tiff = new byte[position];
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), HeaderSize);
        foreach (Ifd ifd in order)
            WriteIfd(ifd, offsets, tiff);
        return tiff;
    }

    private static void Collect(Ifd ifd, List<Ifd> order)
    {
        order.Add(ifd);
        foreach (var entry in ifd.Entries)
            if (entry.Child is not null)
                Collect(entry.Child, order);
    }

    private static int SizeOf(Ifd ifd) =>
        2 + EntrySize * ifd.Entries.Count() + 4 + ifd.Entries.Sum(e => OutOfLineSize(e.Value));

    // Values of 4 bytes or fewer live inside the entry; longer ones after the IFD, word-aligned.
    private static int OutOfLineSize(byte[] value) => value.Length <= 4 ? 0 : (value.Length + 1) & ~1;

    private static void WriteIfd(Ifd ifd, Dictionary<Ifd, int> offsets, byte[] tiff)
    {
        var entries = ifd.Entries.ToList();
        int start = offsets[ifd];
        int dataPosition = start + 2 + EntrySize * entries.Count + 4;
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(start), (ushort)entries.Count);

        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            Span<byte> slot = tiff.AsSpan(start + 2 + EntrySize * i, EntrySize);
            BinaryPrimitives.WriteUInt16BigEndian(slot, entry.Tag);
            BinaryPrimitives.WriteUInt16BigEndian(slot[2..], entry.Type);
            BinaryPrimitives.WriteUInt32BigEndian(slot[4..], entry.Count);

            if (entry.Child is not null)
                BinaryPrimitives.WriteUInt32BigEndian(slot[8..], (uint)offsets[entry.Child]);
            else if (entry.Value.Length <= 4)
                entry.Value.CopyTo(slot[8..]);
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(slot[8..], (uint)dataPosition);
                entry.Value.CopyTo(tiff, dataPosition);
                dataPosition += OutOfLineSize(entry.Value);
            }
        }
        // The next-IFD offset stays 0: no IFD1 thumbnail.
    }
}
