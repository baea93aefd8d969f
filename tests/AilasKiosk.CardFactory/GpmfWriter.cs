using System.Buffers.Binary;
using System.Text;

namespace AilasKiosk.CardFactory;

/// <summary>
/// Writes GPMF, GoPro's key-length-value format: a 4-char key, a 1-byte type, a 1-byte
/// structure size, a 2-byte big-endian repeat count, then size × repeat bytes of payload
/// padded with zeros to a 32-bit boundary. Containers (type 0) nest further KLVs.
/// </summary>
internal sealed class GpmfWriter
{
    private readonly MemoryStream output = new();

    public byte[] ToArray() => output.ToArray();

    /// <summary>A container (DEVC, STRM): type 0, size 1, repeat = payload length.</summary>
    public GpmfWriter Nest(string key, Action<GpmfWriter> body)
    {
        var inner = new GpmfWriter();
        body(inner);
        byte[] payload = inner.ToArray();
        return Write(key, 0, 1, payload.Length, payload);
    }

    /// <summary>Type 'c'. GoPro pads some strings to a fixed width with NULs; pass it to mirror that.</summary>
    public GpmfWriter Text(string key, string text, int? fixedLength = null)
    {
        byte[] payload = new byte[Math.Max(fixedLength ?? 0, text.Length)];
        Encoding.ASCII.GetBytes(text, payload);
        return Write(key, (byte)'c', 1, payload.Length, payload);
    }

    /// <summary>Type 'B': unsigned bytes.</summary>
    public GpmfWriter Bytes(string key, params byte[] values) => Write(key, (byte)'B', 1, values.Length, values);

    /// <summary>Type 'L': big-endian unsigned 32-bit integers.</summary>
    public GpmfWriter UInt32s(string key, params uint[] values)
    {
        byte[] payload = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4 * i), values[i]);
        return Write(key, (byte)'L', 4, values.Length, payload);
    }

    private GpmfWriter Write(string key, byte type, byte structSize, int repeat, byte[] payload)
    {
        if (key.Length != 4)
            throw new ArgumentException($"GPMF keys are 4 characters: '{key}'", nameof(key));
        Span<byte> header = stackalloc byte[8];
        Encoding.ASCII.GetBytes(key, header);
        header[4] = type;
        header[5] = structSize;
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], checked((ushort)repeat));
        output.Write(header);
        output.Write(payload);
        output.Write(new byte[(4 - payload.Length % 4) % 4]);
        return this;
    }
}
