using System.Text;

namespace AilasKiosk.Inspect.Gpmf;

/// <summary>
/// One GPMF key-length-value entry. Containers (type 0) hold their parsed <see cref="Children"/>; other entries
/// hold <see cref="Repeat"/> samples of <see cref="StructSize"/> bytes each in <see cref="Payload"/> (padding excluded).
/// </summary>
/// <param name="Key">The four-character code, printable ASCII (checked by the reader).</param>
/// <param name="Type">The GPMF type character ('c' string, 'L' uint32, 'B' byte…); '\0' for a container.</param>
/// <param name="Payload">StructSize × Repeat bytes, a slice of the parsed data (not a copy).</param>
/// <param name="Children">Parsed entries of a container; empty for every other type.</param>
internal sealed record GpmfEntry(string Key, char Type, int StructSize, int Repeat, ReadOnlyMemory<byte> Payload, IReadOnlyList<GpmfEntry> Children)
{
    /// <summary>Type byte of a container (DEVC, STRM): the payload is more KLVs.</summary>
    public const char NestedType = '\0';

    /// <summary>Type byte of a single-byte character string.</summary>
    public const char CharType = 'c';

    /// <summary>Type byte of a UTF-8 string.</summary>
    public const char Utf8Type = 'u';

    public bool IsContainer => Type == NestedType;

    /// <summary>
    /// The value of a string entry ('c' or 'u'): up to the first NUL, since cameras NUL-terminate and NUL-pad
    /// strings to fixed widths, with surrounding spaces trimmed. Null for any other type. 'c' is decoded as
    /// Latin-1 so every byte stays visible as one character: callers that need ASCII check it themselves.
    /// </summary>
    public string? ReadString()
    {
        if (Type is not (CharType or Utf8Type))
            return null;
        var bytes = Payload.Span;
        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
            bytes = bytes[..nul];
        var encoding = Type == CharType ? Encoding.Latin1 : Encoding.UTF8;
        return encoding.GetString(bytes).Trim(' ');
    }
}
