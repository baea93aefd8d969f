using AilasKiosk.Crew.Screens;
using AilasKiosk.Devices.Oled;
using AilasKiosk.Simulation;

namespace AilasKiosk.Tests.Display;

/// <summary>Driver → emulated panel: what is drawn is what the glass shows, sent as sparingly as promised.</summary>
public class ControllerRoundTripTests
{
    public static TheoryData<OledControllerKind> Kinds => [OledControllerKind.Ssd1306, OledControllerKind.Sh1106];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Initialize_leaves_the_panel_on_normal_blank_and_at_the_set_contrast(OledControllerKind kind)
    {
        var panel = new OledEmulator(kind);
        using var oled = kind == OledControllerKind.Sh1106 ? (IOledController)new Sh1106(panel, contrast: 0x42) : new Ssd1306(panel, contrast: 0x42);
        oled.Initialize();

        Assert.True(panel.IsOn);
        Assert.True(panel.PowerSupplyOn);
        Assert.False(panel.IsInverted);
        Assert.False(panel.IsEntireDisplayOn);
        Assert.Equal(0x42, panel.Contrast);
        Assert.Equal(63, panel.MultiplexRatio);
        Assert.Equal(0x12, panel.ComPinsConfiguration);
        Assert.True(panel.SegmentRemapped);
        Assert.True(panel.ComScanReversed);
        Assert.Equal(0, panel.StartLine);
        Assert.Equal(0, panel.DisplayOffset);
        Assert.Empty(panel.UnknownCommands);
        Assert.Empty(panel.Anomalies);
        Assert.Equal(0, MonoFrameTests.CountLit(panel.Visible));

        var log = panel.CommandLog;
        Assert.Equal([Ssd1306Command.DisplayOff], log[0]);
        Assert.Equal([Ssd1306Command.DisplayOn], log[^1]);
        // RAM is cleared before the display comes on (for good, on the SSD1306: see the next test).
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], panel.PagesWritten);
        if (kind == OledControllerKind.Ssd1306)
        {
            // The library's addressing mode, kept: frames are written in 21h/22h windows.
            Assert.Equal(Ssd1306Command.HorizontalAddressing, panel.AddressingMode);
            Assert.Contains(log, c => c.SequenceEqual(new byte[] { Ssd1306Command.ChargePumpSetting, Ssd1306Command.ChargePumpEnable }));
            Assert.Contains(log, c => c.SequenceEqual(new byte[] { Ssd1306Command.DeactivateScroll }));
        }
    }

    [Fact]
    public void The_librarys_own_ssd1306_sequence_is_for_128x32_which_is_why_the_adapter_corrects_it()
    {
        // Iot.Device.Bindings 4.2.0: whatever size it is given, its constructor sets 32 rows and sequential COM
        // pins, then clears through an image factory that the kiosk does not register. If a later version passes,
        // Ssd1306's corrections and its ClearScreen override can go.
        var panel = new OledEmulator();
        Assert.ThrowsAny<Exception>(() => new Iot.Device.Ssd13xx.Ssd1306(panel, MonoFrame.Width, MonoFrame.Height));
        Assert.Equal(31, panel.MultiplexRatio);
        Assert.Equal(0x02, panel.ComPinsConfiguration);
        Assert.Empty(panel.UnknownCommands);

        panel = new OledEmulator();
        using var corrected = new Ssd1306(panel);
        corrected.Initialize();
        Assert.Equal(63, panel.MultiplexRatio);
        Assert.Equal(0x12, panel.ComPinsConfiguration);
        // Its sequence switches the display on with RAM uncleared; the adapter's next command switches it off.
        var log = panel.CommandLog;
        var firstOn = log.ToList().FindIndex(c => c.SequenceEqual(new[] { Ssd1306Command.DisplayOn }));
        Assert.Equal(Ssd1306Command.DisplayOff, log.Skip(firstOn + 1).First(c => c[0] is not (Ssd1306Command.SetColumnAddress or Ssd1306Command.SetPageAddress))[0]);
        Assert.Empty(panel.Anomalies);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void What_is_drawn_is_what_the_glass_shows(OledControllerKind kind)
    {
        var panel = new OledEmulator(kind);
        using var oled = Frames.Controller(kind, panel);
        oled.Initialize();

        foreach (var frame in new[] { Frames.Pattern(1), Frames.SampleScreen(), Frames.Pattern(2), new MonoFrame() })
        {
            oled.Show(frame);
            Assert.Equal(frame.Bytes.ToArray(), panel.Visible.Bytes.ToArray());
        }
        Assert.Empty(panel.Anomalies);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Small_transfer_chunks_draw_the_same_picture(OledControllerKind kind)
    {
        var panel = new OledEmulator(kind);
        using var oled = Frames.Controller(kind, panel, chunkSize: 16);
        oled.Initialize();
        panel.ResetCounters();

        var frame = Frames.Pattern(3);
        oled.Show(frame);

        Assert.Equal(frame.Bytes.ToArray(), panel.Visible.Bytes.ToArray());
        // SH1106 per page: one address write, eight data writes; SSD1306: one window (21h, 22h), 64 data writes.
        Assert.Equal(kind == OledControllerKind.Sh1106 ? 8 * (1 + 128 / 16) : 2 + 8 * 128 / 16, panel.Transactions);
        Assert.Equal(1024, panel.DataBytesWritten);
    }

    [Fact]
    public void Sh1106_writes_the_visible_window_at_ram_columns_2_to_129()
    {
        var panel = new OledEmulator(OledControllerKind.Sh1106);
        using var oled = new Sh1106(panel);
        oled.Initialize();
        var frame = new MonoFrame();
        frame.Clear(on: true);
        oled.Show(frame);

        var ram = panel.Ram;
        for (var page = 0; page < 8; page++)
        {
            var row = ram.AsSpan(page * Sh1106Command.RamColumns, Sh1106Command.RamColumns);
            Assert.Equal(0, row[0]);
            Assert.Equal(0, row[1]);
            Assert.True(row[2..130].ToArray().All(b => b == 0xFF));
            Assert.Equal(0, row[130]);
            Assert.Equal(0, row[131]);
        }
    }

    [Fact]
    public void An_ssd1306_driver_on_an_sh1106_panel_shows_something_else()
    {
        // The emulator knows the difference: this is what makes the SH1106 round trip above meaningful.
        var panel = new OledEmulator(OledControllerKind.Sh1106);
        using var oled = new Ssd1306(panel);
        oled.Initialize();
        var frame = new MonoFrame();
        frame.VLine(10, 0, 64);
        oled.Show(frame);

        Assert.False(panel.Visible.ContentEquals(frame));
        Assert.NotEmpty(panel.UnknownCommands); // 20h, 21h, 22h and 8Dh mean nothing to an SH1106
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Changing_one_pixel_sends_exactly_one_page(OledControllerKind kind)
    {
        var panel = new OledEmulator(kind);
        using var oled = Frames.Controller(kind, panel);
        oled.Initialize();
        var frame = Frames.SampleScreen();
        oled.Show(frame);
        panel.ResetCounters();

        frame.SetPixel(100, 37, !frame.GetPixel(100, 37));
        oled.Show(frame);

        Assert.Equal([4], panel.PagesWritten);
        Assert.Equal(128, panel.DataBytesWritten);
        if (kind == OledControllerKind.Sh1106)
        {
            Assert.Equal(2, panel.Transactions);             // page and column address in one write, then the data
            Assert.Equal(1 + 3 + 1 + 128, panel.BytesWritten); // control bytes included
        }
        else
        {
            Assert.Equal(3, panel.Transactions);                     // 21h, 22h (one write each, the library's way), data
            Assert.Equal(1 + 3 + 1 + 3 + 1 + 128, panel.BytesWritten);
        }
        Assert.Equal(frame.Bytes.ToArray(), panel.Visible.Bytes.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_frame_costs_a_few_small_allocations_and_page_sized_writes(OledControllerKind kind)
    {
        // Up to 5 frames a second for months: no per-frame buffers. The library's command objects cost a few
        // bytes per run of changed pages (GetBytes returns a new array); its SendData reuses one buffer.
        var bus = new NullI2cDevice();
        using var oled = Frames.Controller(kind, bus);
        oled.Initialize();
        MonoFrame[] frames = [Frames.Pattern(1), Frames.Pattern(2)];
        oled.Show(frames[1]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) oled.Show(frames[i % 2]); // every page changes every time
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;

        Assert.True(perFrame <= 256, $"{perFrame} bytes allocated per frame");
        Assert.Equal(1 + 128, bus.LongestWrite); // control byte and one page: never the whole frame at once
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Showing_the_same_frame_again_sends_nothing(OledControllerKind kind)
    {
        var panel = new OledEmulator(kind);
        using var oled = Frames.Controller(kind, panel);
        oled.Initialize();
        oled.Show(Frames.SampleScreen());
        panel.ResetCounters();

        oled.Show(Frames.SampleScreen());

        Assert.Equal(0, panel.Transactions);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Initialize_clears_and_forgets_so_the_next_show_is_complete(OledControllerKind kind)
    {
        var panel = new OledEmulator(kind);
        using var oled = Frames.Controller(kind, panel);
        oled.Initialize();
        var frame = Frames.Pattern(4);
        oled.Show(frame);

        oled.Initialize();
        Assert.Equal(0, MonoFrameTests.CountLit(panel.Visible));
        oled.Show(frame);
        Assert.Equal(frame.Bytes.ToArray(), panel.Visible.Bytes.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Contrast_invert_and_power(OledControllerKind kind)
    {
        var panel = new OledEmulator(kind);
        using var oled = Frames.Controller(kind, panel);
        oled.Initialize();
        var frame = Frames.SampleScreen();
        oled.Show(frame);

        oled.SetContrast(0x10);
        Assert.Equal(0x10, panel.Contrast);

        oled.SetInverted(true);
        Assert.True(panel.IsInverted);
        var inverted = frame.Clone();
        inverted.Invert(0, 0, 128, 64);
        Assert.True(panel.Visible.ContentEquals(inverted));
        oled.SetInverted(false);

        oled.PowerOff();
        Assert.False(panel.IsOn);
        Assert.Equal(0, MonoFrameTests.CountLit(panel.Visible));
        Span<byte> status = stackalloc byte[1];
        panel.Read(status);
        Assert.Equal(0x40, status[0]);

        oled.PowerOn();
        Assert.True(panel.IsOn);
        Assert.True(panel.Visible.ContentEquals(frame)); // RAM survives sleep
        Assert.Empty(panel.Anomalies);
        Assert.Empty(panel.UnknownCommands);
    }
}
