namespace AilasKiosk.Crew.Screens;

/// <summary>
/// A 128×64 one-bit framebuffer laid out exactly like SSD1306/SH1106 display RAM, so a page can be sent to the
/// panel without any conversion: 8 pages of 128 bytes, page-major; byte (page, x) is the vertical strip of
/// pixels x, 8·page … 8·page+7, least significant bit at the top. Drawing outside the frame is clipped silently,
/// because screens position text from measured widths and must never crash on a long camera label.
/// </summary>
internal sealed class MonoFrame
{
    public const int Width = 128;
    public const int Height = 64;
    public const int PageCount = Height / 8;
    public const int ByteCount = Width * PageCount;

    private readonly byte[] _bytes = new byte[ByteCount];

    public MonoFrame() { }

    /// <summary>Builds a frame from controller-layout bytes (for example what an emulated panel holds).</summary>
    public MonoFrame(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteCount)
            throw new ArgumentException($"A frame is {ByteCount} bytes, got {bytes.Length}.", nameof(bytes));
        bytes.CopyTo(_bytes);
    }

    /// <summary>All 1,024 bytes in controller layout.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The 128 bytes of one page (8 pixel rows), as the controller's RAM holds them.</summary>
    public ReadOnlySpan<byte> Page(int page)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(page, PageCount);
        return _bytes.AsSpan(page * Width, Width);
    }

    public static bool Contains(int x, int y) => (uint)x < Width && (uint)y < Height;

    public void SetPixel(int x, int y, bool on = true)
    {
        if (!Contains(x, y)) return;
        ref var b = ref _bytes[(y >> 3) * Width + x];
        var mask = (byte)(1 << (y & 7));
        b = on ? (byte)(b | mask) : (byte)(b & ~mask);
    }

    /// <summary>Whether a pixel is lit; pixels outside the frame read as dark.</summary>
    public bool GetPixel(int x, int y) => Contains(x, y) && (_bytes[(y >> 3) * Width + x] & (1 << (y & 7))) != 0;

    public void Clear(bool on = false) => _bytes.AsSpan().Fill(on ? (byte)0xFF : (byte)0);

    public void FillRect(int x, int y, int width, int height, bool on = true) =>
        ForEachClipped(x, y, width, height, (px, py) => SetPixel(px, py, on));

    /// <summary>Flips every pixel in the rectangle: a highlighted menu row or a cursor.</summary>
    public void Invert(int x, int y, int width, int height) =>
        ForEachClipped(x, y, width, height, (px, py) => SetPixel(px, py, !GetPixel(px, py)));

    /// <summary>A one-pixel outline whose outer edge is the given rectangle.</summary>
    public void DrawRect(int x, int y, int width, int height, bool on = true)
    {
        if (width <= 0 || height <= 0) return;
        HLine(x, y, width, on);
        HLine(x, y + height - 1, width, on);
        VLine(x, y, height, on);
        VLine(x + width - 1, y, height, on);
    }

    public void HLine(int x, int y, int length, bool on = true) => FillRect(x, y, length, 1, on);

    public void VLine(int x, int y, int length, bool on = true) => FillRect(x, y, 1, length, on);

    public MonoFrame Clone() => new(_bytes);

    public void CopyFrom(MonoFrame other) => other._bytes.CopyTo(_bytes, 0);

    public bool ContentEquals(MonoFrame other) => _bytes.AsSpan().SequenceEqual(other._bytes);

    private static void ForEachClipped(int x, int y, int width, int height, Action<int, int> action)
    {
        int x0 = Math.Max(x, 0), y0 = Math.Max(y, 0);
        int x1 = (int)Math.Min((long)x + width, Width), y1 = (int)Math.Min((long)y + height, Height);
        for (var py = y0; py < y1; py++)
            for (var px = x0; px < x1; px++)
                action(px, py);
    }
}
