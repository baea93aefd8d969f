using System.Buffers.Binary;
using System.Text;

namespace AilasKiosk.Inspect;

/// <summary>
/// One IFD of a TIFF block (the EXIF payload), read field by field with every offset checked against the
/// block. There is no recursion and no following of next-IFD links, so offsets that point outside the
/// block or back at themselves cannot make it loop or read out of bounds: a bad field is simply absent,
/// and <see cref="Damaged"/> says so.
/// </summary>
internal sealed class TiffDirectory
{
    private const ushort Byte = 1, Ascii = 2, Short = 3, Long = 4, Rational = 5, Undefined = 7, SRational = 10, Ifd = 13;
    private const int EntrySize = 12;

    private readonly byte[] tiff;
    private readonly bool bigEndian;
    private readonly int entries;   // position of the first entry
    private readonly int entryCount;

    private TiffDirectory(byte[] tiff, bool bigEndian, int offset, int count)
    {
        this.tiff = tiff;
        this.bigEndian = bigEndian;
        entries = offset + 2;
        entryCount = count;
    }

    /// <summary>A field we looked for was malformed or pointed outside the block.</summary>
    public bool Damaged { get; private set; }

    /// <summary>IFD0 of a TIFF block; null (with <paramref name="damaged"/>) when the header or IFD0 is unusable.</summary>
    public static TiffDirectory? Root(byte[] tiff, out bool damaged)
    {
        damaged = true;
        if (tiff.Length < 8)
            return null;
        bool bigEndian;
        if (tiff[0] == 'M' && tiff[1] == 'M') bigEndian = true;
        else if (tiff[0] == 'I' && tiff[1] == 'I') bigEndian = false;
        else return null;
        if (U16(tiff, 2, bigEndian) != 42)
            return null;
        var root = At(tiff, bigEndian, U32(tiff, 4, bigEndian));
        damaged = root is null;
        return root;
    }

    /// <summary>The IFD a pointer tag (ExifIFD 0x8769, GPS 0x8825) leads to; null when absent or unusable.</summary>
    public TiffDirectory? Child(ushort tag)
    {
        if (!TryFind(tag, out var type, out _, out var valueAt))
            return null;
        if (type is not (Long or Ifd))
            return Fail<TiffDirectory>();
        return At(tiff, bigEndian, U32(tiff, valueAt, bigEndian)) ?? Fail<TiffDirectory>();
    }

    /// <summary>ASCII text up to its first NUL, trimmed; null when absent or not text.</summary>
    public string? Text(ushort tag)
    {
        if (!TryValue(tag, out var type, out var count, out var at))
            return null;
        if (type is not (Ascii or Undefined))
            return Fail<string>();
        var value = tiff.AsSpan(at, (int)count);
        int nul = value.IndexOf((byte)0);
        return Encoding.ASCII.GetString(nul < 0 ? value : value[..nul]).Trim();
    }

    /// <summary>Unsigned or signed rationals as doubles (a zero denominator gives NaN); null when absent.</summary>
    public double[]? Rationals(ushort tag)
    {
        if (!TryValue(tag, out var type, out var count, out var at))
            return null;
        if (type is not (Rational or SRational) || count is 0 or > 16)
            return Fail<double[]>();
        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
        {
            uint numerator = U32(tiff, at + 8 * i, bigEndian), denominator = U32(tiff, at + 8 * i + 4, bigEndian);
            values[i] = denominator == 0 ? double.NaN
                : type == SRational ? (double)(int)numerator / (int)denominator
                : (double)numerator / denominator;
        }
        return values;
    }

    /// <summary>The first value of a BYTE/SHORT/LONG field; null when absent.</summary>
    public uint? Integer(ushort tag)
    {
        if (!TryValue(tag, out var type, out _, out var at))
            return null;
        return type switch
        {
            Byte or Undefined => tiff[at],
            Short => U16(tiff, at, bigEndian),
            Long => U32(tiff, at, bigEndian),
            _ => Fail<uint?>(),
        };
    }

    private static TiffDirectory? At(byte[] tiff, bool bigEndian, uint offset)
    {
        if (offset < 8 || offset > tiff.Length - 2)
            return null;
        int count = U16(tiff, (int)offset, bigEndian);
        if ((long)offset + 2 + (long)count * EntrySize > tiff.Length)
            return null;
        return new TiffDirectory(tiff, bigEndian, (int)offset, count);
    }

    // Where a field's value lives: inside the entry when it fits in 4 bytes, else at the offset it holds.
    private bool TryValue(ushort tag, out ushort type, out uint count, out int at)
    {
        at = 0;
        if (!TryFind(tag, out type, out count, out int entryValue))
            return false;
        long size = (long)count * TypeSize(type);
        if (size == 0)
            return Fail<bool>();
        long position = size <= 4 ? entryValue : U32(tiff, entryValue, bigEndian);
        if (position + size > tiff.Length)
            return Fail<bool>();
        at = (int)position;
        return true;
    }

    private bool TryFind(ushort tag, out ushort type, out uint count, out int valueAt)
    {
        for (int i = 0; i < entryCount; i++)
        {
            int entry = entries + i * EntrySize;
            if (U16(tiff, entry, bigEndian) != tag)
                continue;
            type = U16(tiff, entry + 2, bigEndian);
            count = U32(tiff, entry + 4, bigEndian);
            valueAt = entry + 8;
            return true;
        }
        (type, count, valueAt) = (0, 0, 0);
        return false;
    }

    // Unknown types have size 0, which TryValue treats as damage.
    private static int TypeSize(ushort type) => type switch
    {
        Byte or Ascii or Undefined or 6 => 1,
        Short or 8 => 2,
        Long or 9 or 11 or Ifd => 4,
        Rational or SRational or 12 => 8,
        _ => 0,
    };

    private T? Fail<T>()
    {
        Damaged = true;
        return default;
    }

    private static ushort U16(byte[] b, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

    private static uint U32(byte[] b, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
}
