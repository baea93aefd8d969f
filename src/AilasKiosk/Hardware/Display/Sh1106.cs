using System.Device.I2c;
using static AilasKiosk.Hardware.Display.Sh1106Command;

namespace AilasKiosk.Hardware.Display;

/// <summary>
/// SH1106 (1.3″ modules) over I2C at 0x3C. Page addressing is all it has; its RAM is 132 columns wide and the
/// panel shows columns 2…129, so every page write starts at column 2 (lower/higher column 02h/10h).
/// </summary>
public sealed class Sh1106(I2cDevice device, byte contrast = Sh1106.DefaultContrast, int chunkSize = PageAddressedOled.DefaultChunkSize,
    bool ownsDevice = true) : PageAddressedOled(device, chunkSize, ownsDevice)
{
    public const int DefaultAddress = 0x3C;
    public const byte DefaultContrast = 0x7F;

    protected override int ColumnOffset => VisibleColumnOffset;

    /// <summary>The SSD1306-style sequence minus what the SH1106 lacks (memory mode, charge pump, scroll), with its DC-DC instead.</summary>
    protected override byte[] InitCommands() =>
    [
        DisplayOff,
        SetDisplayClockDivide, 0x80,
        SetMultiplexRatio, 63,
        SetDisplayOffset, 0,
        SetDisplayStartLine | 0,
        DcDcControl, DcDcOn,
        SegmentRemapReversed,
        ComScanDecrement,
        SetComPins, 0x12,
        Sh1106Command.SetContrast, contrast,
        SetPrechargePeriod, 0x22,          // the SH1106 reset value
        SetVcomDeselectLevel, 0x35,        // the SH1106 reset value
        EntireDisplayResume,
        NormalDisplay,
    ];

    protected override byte[] PowerOffCommands() => [DisplayOff];

    protected override byte[] PowerOnCommands() => [DisplayOn];
}
