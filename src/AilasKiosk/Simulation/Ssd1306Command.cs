namespace AilasKiosk.Simulation;

/// <summary>
/// SSD1306 command bytes, named after the SSD1306 datasheet's "Command Table" and "Command
/// Descriptions" (table section names below). Multi-byte commands are followed by their argument bytes, also sent with
/// the command control byte. The driver is Iot.Device.Bindings'; this table is what <see cref="OledEmulator"/>
/// decodes (the bytes the SH1106 shares too), so it lists every command, used or not.
/// </summary>
internal static class Ssd1306Command
{
    /// <summary>Control byte (datasheet "MCU I2C Interface", "I2C-bus Write data"): Co = 0, D/C# = 0 — every following byte is a command.</summary>
    public const byte ControlCommandStream = 0x00;

    /// <summary>Control byte: Co = 0, D/C# = 1 — every following byte is display RAM data.</summary>
    public const byte ControlDataStream = 0x40;

    /// <summary>Control byte bit Co: set, only the next byte is command/data and another control byte follows.</summary>
    public const byte ControlContinuationBit = 0x80;

    /// <summary>Control byte bit D/C#: set, the byte(s) are data; clear, command.</summary>
    public const byte ControlDataBit = 0x40;

    // --- 1. Fundamental Command Table ---

    /// <summary>81h + A: Set Contrast Control, A = 0…255 (reset 7Fh). Lower contrast also slows burn-in.</summary>
    public const byte SetContrast = 0x81;

    /// <summary>A4h: Entire Display ON — resume: output follows RAM content.</summary>
    public const byte EntireDisplayResume = 0xA4;

    /// <summary>A5h: Entire Display ON — ignore RAM, light every pixel (a panel test).</summary>
    public const byte EntireDisplayOn = 0xA5;

    /// <summary>A6h: Set Normal Display — RAM bit 1 is a lit pixel.</summary>
    public const byte NormalDisplay = 0xA6;

    /// <summary>A7h: Set Inverse Display — RAM bit 0 is a lit pixel.</summary>
    public const byte InverseDisplay = 0xA7;

    /// <summary>AEh: Set Display OFF (sleep mode); RAM is kept.</summary>
    public const byte DisplayOff = 0xAE;

    /// <summary>AFh: Set Display ON (normal mode).</summary>
    public const byte DisplayOn = 0xAF;

    // --- 2. Scrolling Command Table (not used by the driver; decoded by the emulator) ---

    /// <summary>26h + 6 bytes: Continuous Horizontal Scroll Setup, right.</summary>
    public const byte RightHorizontalScroll = 0x26;

    /// <summary>27h + 6 bytes: Continuous Horizontal Scroll Setup, left.</summary>
    public const byte LeftHorizontalScroll = 0x27;

    /// <summary>29h + 5 bytes: Continuous Vertical and Right Horizontal Scroll Setup.</summary>
    public const byte VerticalRightHorizontalScroll = 0x29;

    /// <summary>2Ah + 5 bytes: Continuous Vertical and Left Horizontal Scroll Setup.</summary>
    public const byte VerticalLeftHorizontalScroll = 0x2A;

    /// <summary>2Eh: Deactivate scroll.</summary>
    public const byte DeactivateScroll = 0x2E;

    /// <summary>2Fh: Activate scroll.</summary>
    public const byte ActivateScroll = 0x2F;

    /// <summary>A3h + 2 bytes: Set Vertical Scroll Area.</summary>
    public const byte SetVerticalScrollArea = 0xA3;

    // --- 3. Addressing Setting Command Table ---

    /// <summary>00h…0Fh: Set Lower Column Start Address for Page Addressing Mode (low nibble in the command).</summary>
    public const byte SetLowerColumnStart = 0x00;

    /// <summary>10h…1Fh: Set Higher Column Start Address for Page Addressing Mode (high nibble in the command).</summary>
    public const byte SetHigherColumnStart = 0x10;

    /// <summary>20h + A: Set Memory Addressing Mode, A = <see cref="HorizontalAddressing"/>, <see cref="VerticalAddressing"/> or <see cref="PageAddressing"/> (reset).</summary>
    public const byte SetMemoryAddressingMode = 0x20;

    /// <summary>Argument of 20h: after each data byte the column advances, wrapping to the next page.</summary>
    public const byte HorizontalAddressing = 0x00;

    /// <summary>Argument of 20h: after each data byte the page advances, wrapping to the next column.</summary>
    public const byte VerticalAddressing = 0x01;

    /// <summary>Argument of 20h: after each data byte the column advances within the current page.</summary>
    public const byte PageAddressing = 0x02;

    /// <summary>21h + A + B: Set Column Address — start and end column (horizontal/vertical mode).</summary>
    public const byte SetColumnAddress = 0x21;

    /// <summary>22h + A + B: Set Page Address — start and end page (horizontal/vertical mode).</summary>
    public const byte SetPageAddress = 0x22;

    /// <summary>B0h…B7h: Set Page Start Address for Page Addressing Mode (page in the low 3 bits).</summary>
    public const byte SetPageStart = 0xB0;

    // --- 4. Hardware Configuration (Panel resolution &amp; layout related) Command Table ---

    /// <summary>40h…7Fh: Set Display Start Line (RAM row shown on the first COM, low 6 bits).</summary>
    public const byte SetDisplayStartLine = 0x40;

    /// <summary>A0h: Set Segment Re-map — column address 0 is mapped to SEG0.</summary>
    public const byte SegmentRemapNormal = 0xA0;

    /// <summary>A1h: Set Segment Re-map — column address 127 is mapped to SEG0 (modules are wired for this).</summary>
    public const byte SegmentRemapReversed = 0xA1;

    /// <summary>A8h + A: Set Multiplex Ratio, A + 1 rows driven (63 → 64 rows).</summary>
    public const byte SetMultiplexRatio = 0xA8;

    /// <summary>C0h: Set COM Output Scan Direction — normal, COM0 to COM[N-1].</summary>
    public const byte ComScanIncrement = 0xC0;

    /// <summary>C8h: Set COM Output Scan Direction — remapped, COM[N-1] to COM0 (modules are wired for this).</summary>
    public const byte ComScanDecrement = 0xC8;

    /// <summary>D3h + A: Set Display Offset — vertical shift by COM, 0…63.</summary>
    public const byte SetDisplayOffset = 0xD3;

    /// <summary>DAh + A: Set COM Pins Hardware Configuration; 12h = alternative COM pin configuration, no left/right remap (128×64 panels).</summary>
    public const byte SetComPins = 0xDA;

    // --- 5. Timing &amp; Driving Scheme Setting Command Table ---

    /// <summary>D5h + A: Set Display Clock Divide Ratio/Oscillator Frequency; low nibble divide ratio − 1, high nibble frequency (reset 80h).</summary>
    public const byte SetDisplayClockDivide = 0xD5;

    /// <summary>D9h + A: Set Pre-charge Period; low nibble phase 1, high nibble phase 2, in DCLKs (F1h for the internal charge pump).</summary>
    public const byte SetPrechargePeriod = 0xD9;

    /// <summary>DBh + A: Set V<sub>COMH</sub> Deselect Level (00h ≈ 0.65·Vcc, 20h ≈ 0.77·Vcc, 30h ≈ 0.83·Vcc; 40h is used by most modules).</summary>
    public const byte SetVcomhDeselectLevel = 0xDB;

    /// <summary>E3h: NOP.</summary>
    public const byte Nop = 0xE3;

    // --- Charge Pump Command Table (application note "Charge Pump Regulator", 8Dh) ---

    /// <summary>8Dh + A: Charge Pump Setting, A = <see cref="ChargePumpEnable"/> or <see cref="ChargePumpDisable"/>. Modules without an external VCC stay dark without it.</summary>
    public const byte ChargePumpSetting = 0x8D;

    /// <summary>Argument of 8Dh: enable the charge pump (must precede Display ON).</summary>
    public const byte ChargePumpEnable = 0x14;

    /// <summary>Argument of 8Dh: disable the charge pump (after Display OFF).</summary>
    public const byte ChargePumpDisable = 0x10;
}
