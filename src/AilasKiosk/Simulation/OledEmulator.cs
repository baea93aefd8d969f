using System.Device.I2c;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Devices.Oled;
using C = AilasKiosk.Simulation.Ssd1306Command;

namespace AilasKiosk.Simulation;

public enum OledControllerKind
{
    Ssd1306,
    Sh1106,
}

/// <summary>
/// An I2C device that behaves like an SSD1306 or SH1106 module: it decodes the byte stream a real panel
/// receives (control bytes, commands with their arguments, RAM data with the controller's addressing rules)
/// and shows what the glass would. Used by the tests, the daemon's simulated-hardware mode and
/// `display render`. It never throws on odd input: unknown commands and addressing oddities are recorded.
/// </summary>
internal sealed class OledEmulator : I2cDevice
{
    private const int MaxRecorded = 256;

    private readonly object _gate = new();
    private readonly int _ramColumns;
    private readonly byte[] _ram;
    private readonly HashSet<int> _pagesWritten = [];
    private readonly List<byte> _unknownCommands = [];
    private readonly List<string> _anomalies = [];
    private readonly List<byte[]> _commandLog = [];

    // Command decoding state: a multi-byte command may be spread over several transfers.
    private byte _pendingCommand;
    private readonly List<byte> _pendingArguments = [];
    private int _argumentsNeeded;

    // Addressing state, reset values from the datasheets.
    private byte _addressingMode = C.PageAddressing;
    private int _column, _page, _pageModeColumnStart, _columnStart, _columnEnd, _pageStart, _pageEnd = MonoFrame.PageCount - 1;
    private int? _readModifyWriteColumn;

    public OledEmulator(OledControllerKind kind = OledControllerKind.Ssd1306, int busId = 1, int address = Ssd1306.DefaultAddress)
    {
        Kind = kind;
        ConnectionSettings = new I2cConnectionSettings(busId, address);
        _ramColumns = kind == OledControllerKind.Sh1106 ? Sh1106Command.RamColumns : MonoFrame.Width;
        _columnEnd = _ramColumns - 1;
        _ram = new byte[_ramColumns * MonoFrame.PageCount];
        Contrast = kind == OledControllerKind.Sh1106 ? (byte)0x80 : (byte)0x7F;
        // The SH1106 DC-DC converter is on after reset; the SSD1306 charge pump is off.
        PowerSupplyOn = kind == OledControllerKind.Sh1106;
    }

    public OledControllerKind Kind { get; }
    public override I2cConnectionSettings ConnectionSettings { get; }

    public bool IsOn { get; private set; }
    public bool IsInverted { get; private set; }
    public bool IsEntireDisplayOn { get; private set; }
    public byte Contrast { get; private set; }

    /// <summary>SSD1306: charge pump enabled (8Dh 14h); SH1106: DC-DC on. Without it a module stays dark.</summary>
    public bool PowerSupplyOn { get; private set; }

    public byte AddressingMode => _addressingMode;
    public bool SegmentRemapped { get; private set; }
    public bool ComScanReversed { get; private set; }
    public int StartLine { get; private set; }
    public int DisplayOffset { get; private set; }
    public int MultiplexRatio { get; private set; } = MonoFrame.Height - 1;

    /// <summary>
    /// The DAh argument (reset 12h: alternative COM pins, which 128×64 modules are wired for). Recorded, not drawn:
    /// what 02h (sequential, for 128×32 modules) does to a 64-row panel's picture depends on its wiring.
    /// </summary>
    public byte ComPinsConfiguration { get; private set; } = 0x12;

    /// <summary>Write transfers since the last <see cref="ResetCounters"/>.</summary>
    public long Transactions { get; private set; }
    public long BytesWritten { get; private set; }
    public long DataBytesWritten { get; private set; }
    public long CommandBytesWritten { get; private set; }

    public IReadOnlyCollection<int> PagesWritten { get { lock (_gate) return _pagesWritten.Order().ToArray(); } }
    public IReadOnlyList<byte> UnknownCommands { get { lock (_gate) return _unknownCommands.ToArray(); } }
    public IReadOnlyList<string> Anomalies { get { lock (_gate) return _anomalies.ToArray(); } }

    /// <summary>The last decoded commands, each as opcode followed by its arguments (bounded).</summary>
    public IReadOnlyList<byte[]> CommandLog { get { lock (_gate) return _commandLog.ToArray(); } }

    /// <summary>The whole display RAM, page-major (132 columns per page on the SH1106).</summary>
    public byte[] Ram { get { lock (_gate) return (byte[])_ram.Clone(); } }

    public void ResetCounters()
    {
        lock (_gate)
        {
            Transactions = BytesWritten = DataBytesWritten = CommandBytesWritten = 0;
            _pagesWritten.Clear();
            _unknownCommands.Clear();
            _anomalies.Clear();
            _commandLog.Clear();
        }
    }

    /// <summary>What the glass shows now: dark when off or unpowered, otherwise RAM through the panel mapping.</summary>
    public MonoFrame Visible
    {
        get
        {
            lock (_gate)
            {
                var frame = new MonoFrame();
                if (!IsOn || !PowerSupplyOn) return frame;
                var windowStart = Kind == OledControllerKind.Sh1106 ? Sh1106Command.VisibleColumnOffset : 0;
                for (var y = 0; y < MonoFrame.Height; y++)
                {
                    // Rows past the multiplex ratio are not driven; C8h/A1h are how modules are wired to be upright.
                    var com = ComScanReversed ? y : MonoFrame.Height - 1 - y;
                    var driven = com <= MultiplexRatio;
                    var row = (com + StartLine + DisplayOffset) % MonoFrame.Height;
                    for (var x = 0; x < MonoFrame.Width; x++)
                    {
                        var column = SegmentRemapped ? windowStart + x : _ramColumns - 1 - windowStart - x;
                        var bit = (_ram[(row >> 3) * _ramColumns + column] >> (row & 7) & 1) != 0;
                        var lit = driven && (IsEntireDisplayOn || bit != IsInverted);
                        frame.SetPixel(x, y, lit);
                    }
                }
                return frame;
            }
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            Transactions++;
            BytesWritten += buffer.Length;
            var i = 0;
            while (i < buffer.Length)
            {
                var control = buffer[i++];
                var isData = (control & C.ControlDataBit) != 0;
                if ((control & ~(C.ControlDataBit | C.ControlContinuationBit)) != 0)
                    Note($"control byte 0x{control:X2} has reserved bits set");
                // Co set: exactly one byte follows, then another control byte. Co clear: the rest is one stream.
                var end = (control & C.ControlContinuationBit) != 0 ? Math.Min(i + 1, buffer.Length) : buffer.Length;
                for (; i < end; i++)
                {
                    if (isData) WriteData(buffer[i]);
                    else Command(buffer[i]);
                }
            }
        }
    }

    /// <summary>A read returns the status byte: bit 6 set while the display is off.</summary>
    public override void Read(Span<byte> buffer)
    {
        lock (_gate) buffer.Fill(IsOn ? (byte)0x00 : (byte)0x40);
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    private void WriteData(byte value)
    {
        DataBytesWritten++;
        if (_argumentsNeeded > 0)
        {
            Note($"data while command 0x{_pendingCommand:X2} waited for {_argumentsNeeded} argument(s); command dropped");
            _argumentsNeeded = 0;
        }
        if (_column >= _ramColumns)
        {
            Note($"data past RAM column {_ramColumns - 1} on page {_page} dropped");
            return;
        }
        _ram[_page * _ramColumns + _column] = value;
        _pagesWritten.Add(_page);
        Advance();
    }

    /// <summary>The address pointer after a RAM write, per addressing mode.</summary>
    private void Advance()
    {
        if (Kind == OledControllerKind.Sh1106)
        {
            _column++; // stops at the end of RAM; further data is reported and dropped
            return;
        }
        switch (_addressingMode)
        {
            case C.HorizontalAddressing:
                if (++_column <= _columnEnd) return;
                _column = _columnStart;
                _page = _page >= _pageEnd ? _pageStart : _page + 1;
                return;
            case C.VerticalAddressing:
                if (++_page <= _pageEnd) return;
                _page = _pageStart;
                _column = _column >= _columnEnd ? _columnStart : _column + 1;
                return;
            default:
                // Page mode: at the last column the pointer returns to the column start address; the page stays.
                if (++_column >= _ramColumns) _column = _pageModeColumnStart;
                return;
        }
    }

    private void Command(byte value)
    {
        CommandBytesWritten++;
        if (_argumentsNeeded > 0)
        {
            _pendingArguments.Add(value);
            if (--_argumentsNeeded == 0) Execute(_pendingCommand, [.. _pendingArguments]);
            return;
        }
        var needed = ArgumentCount(value);
        if (needed < 0)
        {
            Record(_unknownCommands, value);
            Note($"unknown command 0x{value:X2}");
            return;
        }
        if (needed == 0)
        {
            Execute(value, []);
            return;
        }
        _pendingCommand = value;
        _pendingArguments.Clear();
        _argumentsNeeded = needed;
    }

    /// <summary>Arguments that follow an opcode, or −1 if this controller does not know it.</summary>
    private int ArgumentCount(byte op)
    {
        switch (op)
        {
            case <= 0x1F: // column address nibbles
            case >= 0x40 and <= 0x7F: // start line
            case C.SegmentRemapNormal or C.SegmentRemapReversed:
            case C.EntireDisplayResume or C.EntireDisplayOn:
            case C.NormalDisplay or C.InverseDisplay:
            case C.DisplayOff or C.DisplayOn:
            case >= 0xB0 and <= 0xB7:
            case C.ComScanIncrement or C.ComScanDecrement:
            case C.Nop:
                return 0;
            case C.SetContrast or C.SetMultiplexRatio or C.SetDisplayOffset or C.SetDisplayClockDivide
                or C.SetPrechargePeriod or C.SetComPins or C.SetVcomhDeselectLevel:
                return 1;
        }
        if (Kind == OledControllerKind.Sh1106)
        {
            return op switch
            {
                >= 0x30 and <= 0x33 => 0, // pump voltage
                Sh1106Command.DcDcControl => 1,
                Sh1106Command.ReadModifyWrite or Sh1106Command.End => 0,
                _ => -1,
            };
        }
        return op switch
        {
            C.SetMemoryAddressingMode or C.ChargePumpSetting => 1,
            C.SetColumnAddress or C.SetPageAddress or C.SetVerticalScrollArea => 2,
            C.RightHorizontalScroll or C.LeftHorizontalScroll => 6,
            C.VerticalRightHorizontalScroll or C.VerticalLeftHorizontalScroll => 5,
            C.DeactivateScroll or C.ActivateScroll => 0,
            _ => -1,
        };
    }

    private void Execute(byte op, byte[] args)
    {
        Record(_commandLog, [op, .. args]);
        switch (op)
        {
            case <= 0x0F:
                _column = _pageModeColumnStart = (_column & 0xF0) | op;
                return;
            case <= 0x1F:
                _column = _pageModeColumnStart = ((op & 0x0F) << 4) | (_column & 0x0F);
                if (_column >= _ramColumns) Note($"column {_column} is beyond RAM");
                return;
            case >= 0x40 and <= 0x7F:
                StartLine = op & 0x3F;
                return;
            case >= 0xB0 and <= 0xB7:
                _page = op & 0x07;
                return;
            case C.SetContrast: Contrast = args[0]; return;
            case C.SegmentRemapNormal: SegmentRemapped = false; return;
            case C.SegmentRemapReversed: SegmentRemapped = true; return;
            case C.EntireDisplayResume: IsEntireDisplayOn = false; return;
            case C.EntireDisplayOn: IsEntireDisplayOn = true; return;
            case C.NormalDisplay: IsInverted = false; return;
            case C.InverseDisplay: IsInverted = true; return;
            case C.DisplayOff: IsOn = false; return;
            case C.DisplayOn: IsOn = true; return;
            case C.ComScanIncrement: ComScanReversed = false; return;
            case C.ComScanDecrement: ComScanReversed = true; return;
            case C.SetMultiplexRatio:
                if (args[0] is < 15 or > 63) Note($"multiplex ratio {args[0]} is outside 15…63");
                MultiplexRatio = Math.Clamp(args[0] & 0x3F, 15, 63);
                return;
            case C.SetDisplayOffset: DisplayOffset = args[0] & 0x3F; return;
            case C.SetComPins: ComPinsConfiguration = args[0]; return;
        }
        if (Kind == OledControllerKind.Sh1106)
        {
            switch (op)
            {
                case Sh1106Command.DcDcControl: PowerSupplyOn = (args[0] & 1) != 0; return;
                case Sh1106Command.ReadModifyWrite: _readModifyWriteColumn = _column; return;
                case Sh1106Command.End: _column = _readModifyWriteColumn ?? _column; _readModifyWriteColumn = null; return;
            }
            return;
        }
        switch (op)
        {
            case C.SetMemoryAddressingMode:
                if (args[0] > C.PageAddressing) Note($"addressing mode {args[0]} is invalid");
                _addressingMode = (byte)(args[0] & 0x03);
                return;
            case C.SetColumnAddress:
                _columnStart = args[0] & 0x7F;
                _columnEnd = args[1] & 0x7F;
                _column = _columnStart;
                return;
            case C.SetPageAddress:
                _pageStart = args[0] & 0x07;
                _pageEnd = args[1] & 0x07;
                _page = _pageStart;
                return;
            case C.ChargePumpSetting: PowerSupplyOn = (args[0] & 0x04) != 0; return;
        }
    }

    private void Note(string anomaly) => Record(_anomalies, anomaly);

    private static void Record<T>(List<T> list, T item)
    {
        if (list.Count >= MaxRecorded) list.RemoveAt(0);
        list.Add(item);
    }
}
