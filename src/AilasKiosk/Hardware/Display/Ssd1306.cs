using System.Device.I2c;
using static AilasKiosk.Hardware.Display.Ssd1306Command;

namespace AilasKiosk.Hardware.Display;

/// <summary>
/// SSD1306 128×64 over I2C (address 0x3C, or 0x3D with the address jumper). Uses page addressing mode, like the
/// SH1106 driver: one small command triple per page, and a page is exactly the unit <see cref="MonoFrame"/> diffs.
/// (Horizontal mode with 21h/22h would save the triple only on full-frame writes, which are rare.)
/// </summary>
public sealed class Ssd1306(I2cDevice device, byte contrast = Ssd1306.DefaultContrast, int chunkSize = PageAddressedOled.DefaultChunkSize,
    bool ownsDevice = true) : PageAddressedOled(device, chunkSize, ownsDevice)
{
    public const int DefaultAddress = 0x3C;
    public const int AlternateAddress = 0x3D;

    /// <summary>Moderate rather than the common CFh: bright enough indoors, slower burn-in.</summary>
    public const byte DefaultContrast = 0x7F;

    protected override int ColumnOffset => 0;

    /// <summary>The datasheet's software initialisation flow, for a 128×64 module with the internal charge pump.</summary>
    protected override byte[] InitCommands() =>
    [
        DisplayOff,
        SetDisplayClockDivide, 0x80,       // divide ratio 1, oscillator reset value
        SetMultiplexRatio, 63,             // 64 rows
        SetDisplayOffset, 0,
        SetDisplayStartLine | 0,
        ChargePumpSetting, ChargePumpEnable,
        SetMemoryAddressingMode, PageAddressing,
        SegmentRemapReversed,              // with C8h: upright on the usual module wiring
        ComScanDecrement,
        SetComPins, 0x12,                  // alternative COM pins, 128×64
        Ssd1306Command.SetContrast, contrast,
        SetPrechargePeriod, 0xF1,          // phase 1 = 1, phase 2 = 15 DCLKs: for the internal charge pump
        SetVcomhDeselectLevel, 0x40,
        EntireDisplayResume,
        NormalDisplay,
        DeactivateScroll,                  // a warm restart may find a scroll running
    ];

    /// <summary>The datasheet's power-down order: display off, then the charge pump.</summary>
    protected override byte[] PowerOffCommands() => [DisplayOff, ChargePumpSetting, ChargePumpDisable];

    protected override byte[] PowerOnCommands() => [ChargePumpSetting, ChargePumpEnable, DisplayOn];
}
