using AilasKiosk.Crew.Screens;
namespace AilasKiosk.Devices.Oled;

/// <summary>
/// What a panel's RAM holds, page by page, as far as its driver knows, so a driver sends only the pages that
/// changed: a full frame costs ~92 ms of I2C at 100 kHz, one page an eighth of that.
/// </summary>
internal sealed class PanelMirror
{
    /// <summary>
    /// Data bytes per I2C write (a control byte is added). 128 sends a page in one transfer, which i2c-dev on a
    /// Pi accepts; adapters with small transfer limits (USB bridges) need 16 or 32.
    /// </summary>
    public const int DefaultChunkSize = 128;

    private readonly byte[] _held = new byte[MonoFrame.ByteCount];
    private readonly bool[] _known = new bool[MonoFrame.PageCount];

    /// <summary>After a re-initialisation: nothing on the panel is known any more.</summary>
    public void Forget() => Array.Clear(_known);

    public bool Differs(MonoFrame frame, int page) =>
        !_known[page] || !frame.Page(page).SequenceEqual(_held.AsSpan(page * MonoFrame.Width, MonoFrame.Width));

    /// <summary>Before a page is written: a write that fails part-way leaves it unknown, so it is resent next time.</summary>
    public void Sending(int page) => _known[page] = false;

    public void Sent(MonoFrame frame, int page)
    {
        frame.Page(page).CopyTo(_held.AsSpan(page * MonoFrame.Width, MonoFrame.Width));
        _known[page] = true;
    }
}
