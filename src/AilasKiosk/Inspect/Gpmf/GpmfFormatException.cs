namespace AilasKiosk.Inspect.Gpmf;

/// <summary>
/// GPMF data that does not follow the format: truncated, claiming more bytes than it holds, nested too deep,
/// too many entries, or a key that is not printable ASCII. The only exception <see cref="GpmfReader"/> throws
/// for bad data, so callers handling untrusted cards need catch nothing else.
/// </summary>
internal sealed class GpmfFormatException : Exception
{
    public GpmfFormatException(string message, int offset)
        : base($"{message} (at byte {offset})")
    {
        Offset = offset;
    }

    /// <summary>Offset in the parsed data of the entry that broke the format.</summary>
    public int Offset { get; }
}
