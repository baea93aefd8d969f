using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Text;

namespace AilasKiosk.Inspect.Gpmf;

/// <summary>
/// Parses GPMF, GoPro's key-length-value metadata format (github.com/gopro/gpmf-parser). Each entry is an
/// 8-byte header — 4-character key, 1-byte type, 1-byte structure size, 2-byte big-endian repeat count — then
/// structure size × repeat bytes of payload, zero-padded to a 32-bit boundary. Type 0 marks a container whose
/// payload is more entries.
/// </summary>
/// <remarks>
/// The data comes from untrusted cards, so the reader trusts no length: a payload must lie inside the data
/// (and inside its container), nesting and entry count are bounded, keys must be printable ASCII. Payloads are
/// slices of the input, never copies sized by a header, and the walk uses an explicit stack, not recursion.
/// </remarks>
internal static class GpmfReader
{
    /// <summary>Key (4) + type (1) + structure size (1) + repeat (2).</summary>
    public const int HeaderSize = 8;

    /// <summary>Payloads are padded to this alignment.</summary>
    public const int Alignment = 4;

    /// <summary>Containers nested deeper than this are an error. Cameras use 2 (DEVC › STRM).</summary>
    public const int MaxDepth = 8;

    /// <summary>More entries than this are an error. A 64 KB APP6 segment holds at most 8,191.</summary>
    public const int MaxEntries = 10_000;

    private const byte FirstPrintable = 0x20, LastPrintable = 0x7E;

    /// <summary>Parses all of <paramref name="data"/>, copying it once so entries can hold slices of it.</summary>
    /// <exception cref="GpmfFormatException">The data is not well-formed GPMF.</exception>
    public static IReadOnlyList<GpmfEntry> Parse(ReadOnlySpan<byte> data) => Parse(new ReadOnlyMemory<byte>(data.ToArray()));

    /// <summary>Parses all of <paramref name="data"/>; entries' payloads are slices of it.</summary>
    /// <exception cref="GpmfFormatException">The data is not well-formed GPMF.</exception>
    public static IReadOnlyList<GpmfEntry> Parse(ReadOnlyMemory<byte> data)
    {
        var result = ParseLenient(data);
        return result.Error is null ? result.Entries : throw result.Error;
    }

    /// <summary>Never throws: returns the entries read up to the first error, and that error.</summary>
    public static GpmfParseResult ParseLenient(ReadOnlyMemory<byte> data)
    {
        var root = new List<GpmfEntry>();
        var open = new Stack<Container>();
        open.Push(new Container(root, start: 0, end: data.Length));
        int entries = 0;
        var span = data.Span;

        while (open.TryPeek(out var container))
        {
            if (container.Position == container.End)
            {
                open.Pop();
                continue;
            }
            int offset = container.Position;
            int remaining = container.End - offset;
            if (remaining < HeaderSize)
                return Stop(root, $"{remaining} bytes left, too few for an entry header", offset);

            var header = span.Slice(offset, HeaderSize);
            if (!IsPrintable(header[..4]))
                return Stop(root, "key is not printable ASCII", offset);
            char type = (char)header[4];
            if (type != GpmfEntry.NestedType && !IsPrintable(header.Slice(4, 1)))
                return Stop(root, $"type byte 0x{header[4]:X2} is neither 0 nor printable ASCII", offset);
            int structSize = header[5];
            int repeat = BinaryPrimitives.ReadUInt16BigEndian(header[6..]);
            int length = structSize * repeat; // at most 255 × 65535: no overflow
            string key = Encoding.ASCII.GetString(header[..4]);

            // The payload must fit. Its padding may be cut short by the end of the data or container: padding
            // carries nothing, and a writer that drops the last entry's padding should not lose that entry.
            if (length > remaining - HeaderSize)
                return Stop(root, $"{key} claims {structSize} × {repeat} = {length} bytes but {remaining - HeaderSize} remain", offset);
            if (++entries > MaxEntries)
                return Stop(root, $"more than {MaxEntries} entries", offset);

            var payload = data.Slice(offset + HeaderSize, length);
            container.Position = offset + HeaderSize + Math.Min(Padded(length), remaining - HeaderSize);

            if (type == GpmfEntry.NestedType)
            {
                if (open.Count > MaxDepth) // open holds the root plus every enclosing container
                    return Stop(root, $"{key} nests containers more than {MaxDepth} deep", offset);
                var children = new List<GpmfEntry>();
                container.Entries.Add(new GpmfEntry(key, type, structSize, repeat, payload, new ReadOnlyCollection<GpmfEntry>(children)));
                open.Push(new Container(children, start: offset + HeaderSize, end: offset + HeaderSize + length));
            }
            else
            {
                container.Entries.Add(new GpmfEntry(key, type, structSize, repeat, payload, []));
            }
        }
        return new GpmfParseResult(root.AsReadOnly(), Error: null);
    }

    private static GpmfParseResult Stop(List<GpmfEntry> root, string reason, int offset) =>
        new(root.AsReadOnly(), new GpmfFormatException(reason, offset));

    private static int Padded(int length) => (length + Alignment - 1) / Alignment * Alignment;

    private static bool IsPrintable(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExceptInRange(FirstPrintable, LastPrintable);

    /// <summary>A container being filled: where its next child starts and where its payload ends.</summary>
    private sealed class Container(List<GpmfEntry> entries, int start, int end)
    {
        public List<GpmfEntry> Entries { get; } = entries;
        public int Position { get; set; } = start;
        public int End { get; } = end;
    }
}
