using System.Device.I2c;
using AilasKiosk.Crew.Screens;
using Iot.Device.Ssd13xx.Commands;
using Iot.Device.Ssd13xx.Commands.Ssd1306Commands;
using Library = Iot.Device.Ssd13xx;

namespace AilasKiosk.Devices.Oled;

/// <summary>
/// SSD1306 128×64 over I2C (0x3C, or 0x3D with the address jumper) through Iot.Device.Bindings' driver
/// (<see cref="Library.Ssd1306"/>): its power-up sequence, its commands and its I2C framing. What this adds, and why:
/// <list type="bullet">
/// <item>The 4.2.0 driver is written for 128×32 modules whatever size it is given: its constructor drives 32 rows
/// (A8h 31) with sequential COM pins (DAh 02h), and <c>DrawBitmap</c> sends 4 pages. After its sequence the panel is
/// set to 64 rows, alternative COM pins, with its own commands.</item>
/// <item>Frames go through its <c>SendData</c>, one window (21h/22h, in the horizontal addressing its sequence sets)
/// per run of changed pages, not through <c>DrawBitmap</c>: that needs an image factory registered and builds a list,
/// one array per 16 bytes and a colour per pixel on every frame.</item>
/// </list>
/// </summary>
internal sealed class Ssd1306 : IOledController
{
    public const int DefaultAddress = 0x3C;
    public const int AlternateAddress = 0x3D;

    /// <summary>Moderate rather than the library's 8Fh: bright enough indoors, slower burn-in.</summary>
    public const byte DefaultContrast = 0x7F;

    private const byte LastColumn = MonoFrame.Width - 1;

    private readonly I2cDevice _device;
    private readonly byte _contrast;
    private readonly int _chunkSize;
    private readonly bool _ownsDevice;
    private readonly PanelMirror _panel = new();
    // The library's SendData takes a writable span; MonoFrame hands out read-only ones. One copy, made once.
    private readonly byte[] _frameBytes = new byte[MonoFrame.ByteCount];
    private readonly SetColumnAddress _columns = new(0, LastColumn);
    private readonly SetPageAddress _pages = new();
    private Driver? _driver;

    public Ssd1306(I2cDevice device, byte contrast = DefaultContrast, int chunkSize = PanelMirror.DefaultChunkSize, bool ownsDevice = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _device = device;
        _contrast = contrast;
        _chunkSize = chunkSize;
        _ownsDevice = ownsDevice;
    }

    /// <summary>
    /// The library's sequence (sent by its constructor, the only way to send it), then, dark, the 64-row settings;
    /// RAM is cleared before the display comes back on. Its sequence switches the display on with RAM uncleared:
    /// two transfers later it is off again, well under one refresh.
    /// </summary>
    public void Initialize()
    {
        _panel.Forget();
        _driver?.Dispose();
        _driver = null;
        var driver = new Driver(_device);
        driver.SendCommand(new SetDisplayOff());
        driver.SendCommand(new SetMultiplexRatio(MonoFrame.Height - 1));
        driver.SendCommand(new SetComPinsHardwareConfiguration(alternativeComPinConfiguration: true));
        driver.SendCommand(new SetContrastControlForBank0(_contrast));
        driver.SendCommand(new DeactivateScroll()); // a warm restart may find a scroll running
        _driver = driver;
        Show(new MonoFrame());
        driver.SendCommand(new SetDisplayOn());
    }

    public void Show(MonoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var driver = Initialized();
        frame.Bytes.CopyTo(_frameBytes);
        for (var first = 0; first < MonoFrame.PageCount; first++)
        {
            if (!_panel.Differs(frame, first)) continue;
            var last = first;
            while (last + 1 < MonoFrame.PageCount && _panel.Differs(frame, last + 1)) last++;
            for (var page = first; page <= last; page++) _panel.Sending(page);
            WriteRun(driver, first, last);
            for (var page = first; page <= last; page++) _panel.Sent(frame, page);
            first = last;
        }
    }

    public void SetContrast(byte contrast) => Initialized().SendCommand(new SetContrastControlForBank0(contrast));

    public void SetInverted(bool inverted)
    {
        if (inverted) Initialized().SendCommand(new SetInverseDisplay());
        else Initialized().SendCommand(new SetNormalDisplay());
    }

    /// <summary>The datasheet's power-down order: display off, then the charge pump.</summary>
    public void PowerOff()
    {
        var driver = Initialized();
        driver.SendCommand(new SetDisplayOff());
        driver.SendCommand(new SetChargePump(enableChargePump: false));
    }

    public void PowerOn()
    {
        var driver = Initialized();
        driver.SendCommand(new SetChargePump(enableChargePump: true));
        driver.SendCommand(new SetDisplayOn());
    }

    /// <summary>Pages first…last as one window: the pointer walks it column by column, page by page.</summary>
    private void WriteRun(Driver driver, int first, int last)
    {
        _pages.StartAddress = (PageAddress)first;
        _pages.EndAddress = (PageAddress)last;
        driver.SendCommand(_columns);
        driver.SendCommand(_pages);
        var end = (last + 1) * MonoFrame.Width;
        for (var offset = first * MonoFrame.Width; offset < end; offset += _chunkSize)
            driver.SendData(_frameBytes.AsSpan(offset, Math.Min(_chunkSize, end - offset)));
    }

    private Driver Initialized() =>
        _driver ?? throw new InvalidOperationException("The SSD1306 is not initialised: call Initialize first.");

    public void Dispose()
    {
        _driver?.Dispose();
        if (_ownsDevice) _device.Dispose();
    }

    /// <summary>The library's driver, minus two things that do not belong to it here.</summary>
    private sealed class Driver(I2cDevice device) : Library.Ssd1306(device, MonoFrame.Width, MonoFrame.Height)
    {
        /// <summary>
        /// Its constructor ends with this, which draws a blank image made by an image factory; none is registered
        /// (the kiosk draws its own frames), so it would throw. <see cref="Ssd1306.Initialize"/> clears RAM instead.
        /// </summary>
        public override void ClearScreen() { }

        /// <summary>The device is the adapter's: a re-initialisation makes a new driver on the same device.</summary>
#pragma warning disable CA2215 // Not calling the base is the point: it would dispose the I2C device, which stays ours.
        protected override void Dispose(bool disposing) { }
#pragma warning restore CA2215
    }
}
