namespace AilasKiosk.Inspect;

/// <summary>
/// Finds GPano:ProjectionType in an XMP packet without an XML parser: the packet is at most one 64 KB
/// segment, and a plain scan cannot be made to resolve entities or fail on malformed XML. Both RDF
/// spellings are recognised: the attribute (ProjectionType="equirectangular", what the MAX writes)
/// and the element (&lt;GPano:ProjectionType&gt;equirectangular&lt;/GPano:ProjectionType&gt;).
/// </summary>
internal static class XmpProjection
{
    private static ReadOnlySpan<byte> Name => "GPano:ProjectionType"u8;
    private static ReadOnlySpan<byte> Equirectangular => "equirectangular"u8;

    public static Projection Of(ReadOnlySpan<byte> xmp)
    {
        while (xmp.IndexOf(Name) is var at and >= 0)
        {
            xmp = xmp[(at + Name.Length)..];
            if (System.Text.Ascii.EqualsIgnoreCase(ValueAfterName(xmp).Trim(" \t\r\n"u8), Equirectangular))
                return Projection.Equirectangular;
        }
        return Projection.Flat;
    }

    // After the name: either  ="value"  /  ='value'  or  >value</ ; anything else is no value (e.g. the closing tag).
    private static ReadOnlySpan<byte> ValueAfterName(ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty)
            return default;
        if (rest[0] == '>')
        {
            rest = rest[1..];
            int end = rest.IndexOf((byte)'<');
            return end < 0 ? default : rest[..end];
        }
        if (rest[0] != '=')
            return default;
        rest = rest[1..].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] is not ((byte)'"' or (byte)'\''))
            return default;
        byte quote = rest[0];
        rest = rest[1..];
        int close = rest.IndexOf(quote);
        return close < 0 ? default : rest[..close];
    }
}
