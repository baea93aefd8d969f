using System.Device.I2c;
using AilasKiosk.Crew.Screens;
using static AilasKiosk.Devices.Oled.Sh1106Command;

namespace AilasKiosk.Devices.Oled;

/// <summary>
/// SH1106 (1.3″ modules) over I2C at 0x3C, written by hand: Iot.Device.Bindings has no SH1106 driver, and its
/// SSD1306 one does not fit (it uses horizontal addressing, 20h/21h/22h, which the SH1106 lacks). Page addressing
/// is all it has; its RAM is 132 columns wide and the panel shows columns 2…129, so every page write starts at
/// column 2 (lower/higher column 02h/10h).
/// </summary>
internal sealed class Sh1106 : IOledController
{
    public const int DefaultAddress = 0x3C;
    public const byte DefaultContrast = 0x7F;

    private readonly I2cDevice _device;
    private readonly byte _contrast;
    private readonly bool _ownsDevice;
    private readonly byte[] _buffer;
    private readonly PanelMirror _panel = new();

    public Sh1106(I2cDevice device, byte contrast = DefaultContrast, int chunkSize = PanelMirror.DefaultChunkSize, bool ownsDevice = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _device = device;
        _contrast = contrast;
        _ownsDevice = ownsDevice;
        _buffer = new byte[1 + chunkSize];
    }

    public void Initialize()
    {
        _panel.Forget();
        // The SSD1306-style sequence minus what the SH1106 lacks (memory mode, charge pump, scroll), with its DC-DC instead.
        SendCommands([
            DisplayOff,
            SetDisplayClockDivide, 0x80,
            SetMultiplexRatio, 63,
            SetDisplayOffset, 0,
            SetDisplayStartLine | 0,
            DcDcControl, DcDcOn,
            SegmentRemapReversed,          // with C8h: upright on the usual module wiring
            ComScanDecrement,
            SetComPins, 0x12,
            Sh1106Command.SetContrast, _contrast,
            SetPrechargePeriod, 0x22,      // the SH1106 reset value
            SetVcomDeselectLevel, 0x35,    // the SH1106 reset value
            EntireDisplayResume,
            NormalDisplay,
        ]);
        // Controller RAM is random after power-up; clear it before the display comes on, not after.
        Show(new MonoFrame());
        SendCommands([DisplayOn]);
    }

    public void Show(MonoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        for (var page = 0; page < MonoFrame.PageCount; page++)
        {
            if (!_panel.Differs(frame, page)) continue;
            _panel.Sending(page);
            WritePage(page, frame.Page(page));
            _panel.Sent(frame, page);
        }
    }

    public void SetContrast(byte contrast) => SendCommands([Sh1106Command.SetContrast, contrast]);

    public void SetInverted(bool inverted) => SendCommands([inverted ? InverseDisplay : NormalDisplay]);

    public void PowerOff() => SendCommands([DisplayOff]);

    public void PowerOn() => SendCommands([DisplayOn]);

    /// <summary>Page addressing: select the page, set the column start from its two nibbles, stream the data.</summary>
    private void WritePage(int page, ReadOnlySpan<byte> data)
    {
        SendCommands([
            (byte)(SetPageAddress | page),
            SetLowerColumnAddress | (VisibleColumnOffset & 0x0F),
            SetHigherColumnAddress | (VisibleColumnOffset >> 4),
        ]);
        var chunk = _buffer.Length - 1;
        for (var offset = 0; offset < data.Length; offset += chunk)
            Send(ControlDataStream, data.Slice(offset, Math.Min(chunk, data.Length - offset)));
    }

    /// <summary>Commands go in transfers of at most the chunk size too; the controller keeps a multi-byte command open across them.</summary>
    private void SendCommands(ReadOnlySpan<byte> commands)
    {
        var chunk = _buffer.Length - 1;
        for (var offset = 0; offset < commands.Length; offset += chunk)
            Send(ControlCommandStream, commands.Slice(offset, Math.Min(chunk, commands.Length - offset)));
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
    }
}
