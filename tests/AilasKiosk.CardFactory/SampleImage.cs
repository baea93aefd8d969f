namespace AilasKiosk.CardFactory;

/// <summary>
/// The picture part of testdata/gopro/GoPro.jpg (a real HERO6 photo cut to 8×8 px): quantisation
/// table, frame header, Huffman tables, scan and EOI. Embedded so the factory needs no file;
/// every generated photo ends with it, so every photo decodes as a genuine JPEG.
/// </summary>
internal static class SampleImage
{
    /// <summary>DQT, SOF0 (8×8, 3 components, 4:2:0), DHT, SOS with its entropy-coded data, EOI.</summary>
    public static ReadOnlySpan<byte> Tail => tail;

    /// <summary>A complete 8×8 JPEG without metadata, as a video's .THM thumbnail stand-in.</summary>
    public static byte[] BareJpeg() => [0xFF, 0xD8, .. tail];

    private static readonly byte[] tail = Convert.FromHexString(
        // DQT: two 8-bit tables (luma, chroma)
        "FFDB0084001410101912192717172732261F26322E262626262E3E35353535353E444141414141414444444444444444" +
        "44444444444444444444444444444444444444444401151919201C2026181826362620263644362B2B36444444423542" +
        "4444444444444444444444444444444444444444444444444444444444444444444444444444" +
        // SOF0: baseline, 8 bits, 8×8, Y 2×2 + Cb + Cr
        "FFC00011080008000803012200021101031101" +
        // DHT: the minimal tables the tiny scan needs
        "FFC4004B0001010000000000000000000000000000000601010000000000000000000000000000000010010000000000" +
        "0000000000000000000000110100000000000000000000000000000000" +
        // SOS, 3 bytes of entropy-coded data, EOI
        "FFDA000C03010002110311003F00B3001FFFD9");
}
