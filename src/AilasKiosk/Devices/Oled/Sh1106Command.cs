namespace AilasKiosk.Devices.Oled;

/// <summary>
/// SH1106 command bytes, named after the SH1106 datasheet's (Sino Wealth) numbered "Commands" list. The SH1106
/// shares the SSD1306's control bytes and most command values, but it has a 132-column RAM, only page
/// addressing (no 20h/21h/22h: those bytes mean something else to it), and a DC-DC converter instead of the
/// charge pump. It is kept separate so each driver states exactly what its controller understands.
/// </summary>
internal static class Sh1106Command
{
    /// <summary>Control byte ("I2C-bus Interface"): Co = 0, D/C = 0 — every following byte is a command (as on the SSD1306).</summary>
    public const byte ControlCommandStream = 0x00;

    /// <summary>Control byte: Co = 0, D/C = 1 — every following byte is display RAM data.</summary>
    public const byte ControlDataStream = 0x40;

    /// <summary>Columns of display RAM; a 128-pixel panel shows columns <see cref="VisibleColumnOffset"/>…129.</summary>
    public const int RamColumns = 132;

    /// <summary>The RAM column shown as the panel's first pixel column on 128×64 modules.</summary>
    public const int VisibleColumnOffset = 2;

    /// <summary>1. Set Lower Column Address: 00h…0Fh (low nibble in the command).</summary>
    public const byte SetLowerColumnAddress = 0x00;

    /// <summary>2. Set Higher Column Address: 10h…1Fh (high nibble in the command; 0…8 meaningful).</summary>
    public const byte SetHigherColumnAddress = 0x10;

    /// <summary>3. Set Pump voltage value: 30h…33h (6.4 V … 9.0 V; reset 32h = 8.0 V).</summary>
    public const byte SetPumpVoltage = 0x30;

    /// <summary>4. Set Display Start Line: 40h…7Fh.</summary>
    public const byte SetDisplayStartLine = 0x40;

    /// <summary>5. Set Contrast Control Register: 81h + A, A = 0…255 (reset 80h).</summary>
    public const byte SetContrast = 0x81;

    /// <summary>6. Set Segment Re-map: A0h normal.</summary>
    public const byte SegmentRemapNormal = 0xA0;

    /// <summary>6. Set Segment Re-map: A1h reversed (modules are wired for this).</summary>
    public const byte SegmentRemapReversed = 0xA1;

    /// <summary>7. Set Entire Display OFF (A4h: output follows RAM).</summary>
    public const byte EntireDisplayResume = 0xA4;

    /// <summary>7. Set Entire Display ON (A5h: every pixel lit).</summary>
    public const byte EntireDisplayOn = 0xA5;

    /// <summary>8. Set Normal Display (A6h).</summary>
    public const byte NormalDisplay = 0xA6;

    /// <summary>8. Set Reverse Display (A7h).</summary>
    public const byte InverseDisplay = 0xA7;

    /// <summary>9. Set Multiplex Ratio: A8h + A, A + 1 rows (63 → 64).</summary>
    public const byte SetMultiplexRatio = 0xA8;

    /// <summary>10. Set DC-DC OFF/ON: ADh + <see cref="DcDcOn"/> or <see cref="DcDcOff"/>.</summary>
    public const byte DcDcControl = 0xAD;

    /// <summary>Argument of ADh: DC-DC converter on while the display is on (reset value).</summary>
    public const byte DcDcOn = 0x8B;

    /// <summary>Argument of ADh: DC-DC converter off (external Vpp).</summary>
    public const byte DcDcOff = 0x8A;

    /// <summary>11. Display OFF (AEh, sleep; RAM kept).</summary>
    public const byte DisplayOff = 0xAE;

    /// <summary>11. Display ON (AFh).</summary>
    public const byte DisplayOn = 0xAF;

    /// <summary>12. Set Page Address: B0h…B7h.</summary>
    public const byte SetPageAddress = 0xB0;

    /// <summary>13. Set Common Output Scan Direction: C0h normal.</summary>
    public const byte ComScanIncrement = 0xC0;

    /// <summary>13. Set Common Output Scan Direction: C8h reversed (modules are wired for this).</summary>
    public const byte ComScanDecrement = 0xC8;

    /// <summary>14. Set Display Offset: D3h + A, 0…63.</summary>
    public const byte SetDisplayOffset = 0xD3;

    /// <summary>15. Set Display Clock Divide Ratio/Oscillator Frequency: D5h + A (reset 50h).</summary>
    public const byte SetDisplayClockDivide = 0xD5;

    /// <summary>16. Set Dis-charge/Pre-charge Period: D9h + A (reset 22h).</summary>
    public const byte SetPrechargePeriod = 0xD9;

    /// <summary>17. Set Common pads hardware configuration: DAh + A (12h alternative, reset).</summary>
    public const byte SetComPins = 0xDA;

    /// <summary>18. Set VCOM Deselect Level: DBh + A (reset 35h).</summary>
    public const byte SetVcomDeselectLevel = 0xDB;

    /// <summary>19. Read-Modify-Write start (E0h): writes advance the column, reads do not.</summary>
    public const byte ReadModifyWrite = 0xE0;

    /// <summary>20. End (EEh): leaves read-modify-write, column returns to where E0h found it.</summary>
    public const byte End = 0xEE;

    /// <summary>21. NOP (E3h).</summary>
    public const byte Nop = 0xE3;
}
