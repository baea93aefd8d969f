using System.Device.I2c;

namespace AilasKiosk.Hardware.Display;

/// <summary>
/// What the SSD1306 and SH1106 drivers share: page addressing, chunked I2C writes and the record of what the
/// panel holds, so <see cref="Show"/> sends only changed pages. A full frame costs ~92 ms at 100 kHz; one page
/// is an eighth of that. The shared commands (page/column address, contrast, invert, display on) have the
/// same bytes on both controllers; they are written with the <see cref="Ssd1306Command"/> names.
/// </summary>
public abstract class PageAddressedOled : IOledController
{
    /// <summary>
    /// Data bytes per I2C write (a control byte is added). 128 sends a page in one transfer, which i2c-dev on a
    /// Pi accepts; adapters with small transfer limits (USB bridges) need 16 or 32.
    /// </summary>
    public const int DefaultChunkSize = 128;

    private readonly I2cDevice _device;
    private readonly bool _ownsDevice;
    private readonly byte[] _buffer;
    private readonly byte[] _panel = new byte[MonoFrame.ByteCount];
    private readonly bool[] _pageKnown = new bool[MonoFrame.PageCount];

    protected PageAddressedOled(I2cDevice device, int chunkSize, bool ownsDevice)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _device = device;
        _ownsDevice = ownsDevice;
        _buffer = new byte[1 + chunkSize];
    }

    /// <summary>The RAM column of the panel's leftmost pixel column.</summary>
    protected abstract int ColumnOffset { get; }

    /// <summary>Command bytes from display off up to (not including) display on.</summary>
    protected abstract byte[] InitCommands();

    protected abstract byte[] PowerOffCommands();

    protected abstract byte[] PowerOnCommands();

    public void Initialize()
    {
        Array.Clear(_pageKnown);
        SendCommands(InitCommands());
        // Controller RAM is random after power-up; clear it before the display comes on, not after.
        Show(new MonoFrame());
        SendCommands([Ssd1306Command.DisplayOn]);
    }

    public void Show(MonoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        for (var page = 0; page < MonoFrame.PageCount; page++)
        {
            var wanted = frame.Page(page);
            var held = _panel.AsSpan(page * MonoFrame.Width, MonoFrame.Width);
            if (_pageKnown[page] && wanted.SequenceEqual(held)) continue;
            // A write that fails part-way leaves the page in an unknown state: resend it next time.
            _pageKnown[page] = false;
            WritePage(page, wanted);
            wanted.CopyTo(held);
            _pageKnown[page] = true;
        }
    }

    public void SetContrast(byte contrast) => SendCommands([Ssd1306Command.SetContrast, contrast]);

    public void SetInverted(bool inverted) =>
        SendCommands([inverted ? Ssd1306Command.InverseDisplay : Ssd1306Command.NormalDisplay]);

    public void PowerOff() => SendCommands(PowerOffCommands());

    public void PowerOn() => SendCommands(PowerOnCommands());

    /// <summary>Page addressing: select the page, set the column start from its two nibbles, stream the data.</summary>
    private void WritePage(int page, ReadOnlySpan<byte> data)
    {
        var column = ColumnOffset;
        SendCommands([
            (byte)(Ssd1306Command.SetPageStart | page),
            (byte)(Ssd1306Command.SetLowerColumnStart | (column & 0x0F)),
            (byte)(Ssd1306Command.SetHigherColumnStart | (column >> 4)),
        ]);
        var chunk = _buffer.Length - 1;
        for (var offset = 0; offset < data.Length; offset += chunk)
            Send(Ssd1306Command.ControlDataStream, data.Slice(offset, Math.Min(chunk, data.Length - offset)));
    }

    /// <summary>Commands go in transfers of at most the chunk size too; the controller keeps a multi-byte command open across them.</summary>
    protected void SendCommands(ReadOnlySpan<byte> commands)
    {
        var chunk = _buffer.Length - 1;
        for (var offset = 0; offset < commands.Length; offset += chunk)
            Send(Ssd1306Command.ControlCommandStream, commands.Slice(offset, Math.Min(chunk, commands.Length - offset)));
    }

    private void Send(byte control, ReadOnlySpan<byte> payload)
    {
        _buffer[0] = control;
        payload.CopyTo(_buffer.AsSpan(1));
        _device.Write(_buffer.AsSpan(0, 1 + payload.Length));
    }

    public void Dispose()
    {
        if (_ownsDevice) _device.Dispose();
        GC.SuppressFinalize(this);
    }
}
