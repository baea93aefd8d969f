using AilasKiosk.Simulation;

namespace AilasKiosk.Tests.Display;

/// <summary>Hand-written byte streams, independent of the drivers, for the decoding the drivers do not exercise.</summary>
public class OledEmulatorTests
{
    private static OledEmulator PoweredSsd1306()
    {
        var panel = new OledEmulator();
        // Charge pump on, upright mapping, display on: split over transfers on purpose (8Dh's argument comes later).
        panel.Write([0x00, 0x8D]);
        panel.Write([0x00, 0x14, 0xA1, 0xC8, 0xAF]);
        return panel;
    }

    [Fact]
    public void Horizontal_addressing_wraps_within_the_column_and_page_ranges()
    {
        var panel = PoweredSsd1306();
        // Horizontal mode, columns 10…11, pages 2…3: four data bytes fill a 2×2-byte window.
        panel.Write([0x00, 0x20, 0x00, 0x21, 10, 11, 0x22, 2, 3]);
        panel.Write([0x40, 0x01, 0x02, 0x04, 0x08, 0x10]);

        var ram = panel.Ram;
        Assert.Equal(0x10, ram[2 * 128 + 10]); // the fifth byte wrapped back to the window start, over the first
        Assert.Equal(0x02, ram[2 * 128 + 11]);
        Assert.Equal(0x04, ram[3 * 128 + 10]);
        Assert.Equal(0x08, ram[3 * 128 + 11]);
        Assert.Equal(0, ram[2 * 128 + 12]);
        Assert.True(panel.Visible.GetPixel(10, 20));  // page 2 bit 4
        Assert.Equal([2, 3], panel.PagesWritten);
        Assert.Equal(Ssd1306Command.HorizontalAddressing, panel.AddressingMode);
    }

    [Fact]
    public void Vertical_addressing_advances_the_page_first()
    {
        var panel = PoweredSsd1306();
        panel.Write([0x00, 0x20, 0x01, 0x21, 0, 127, 0x22, 0, 7]);
        panel.Write([0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var ram = panel.Ram;
        for (var page = 0; page < 8; page++) Assert.Equal(page + 1, ram[page * 128]);
        Assert.Equal(9, ram[1]);
    }

    [Fact]
    public void Page_addressing_takes_the_column_from_two_nibbles_and_wraps_within_the_page()
    {
        var panel = PoweredSsd1306();
        panel.Write([0x00, 0xB5, 0x0E, 0x17]); // page 5, column 0x7E
        panel.Write([0x40, 0xAA, 0xBB, 0xCC]);
        var ram = panel.Ram;
        Assert.Equal(0xCC, ram[5 * 128 + 126]); // the third byte went back to the column start, same page
        Assert.Equal(0xBB, ram[5 * 128 + 127]);
        Assert.Equal(0, ram[6 * 128]);
        Assert.Equal([5], panel.PagesWritten);
    }

    [Fact]
    public void Continuation_control_bytes_mix_commands_and_data_in_one_transfer()
    {
        var panel = PoweredSsd1306();
        // Co=1 command B1h, Co=1 command 00h, Co=1 command 10h, then Co=0 data stream.
        panel.Write([0x80, 0xB1, 0x80, 0x00, 0x80, 0x10, 0x40, 0xFF, 0x0F]);
        var ram = panel.Ram;
        Assert.Equal(0xFF, ram[128]);
        Assert.Equal(0x0F, ram[129]);
        Assert.Equal(2, panel.DataBytesWritten);
        Assert.Equal(3, panel.Transactions);
    }

    [Fact]
    public void Unknown_commands_are_recorded_not_thrown()
    {
        var panel = PoweredSsd1306();
        panel.Write([0x00, 0xFF, 0xD6, 0xAF]);
        Assert.Equal([0xFF, 0xD6], panel.UnknownCommands);
        Assert.True(panel.IsOn);
    }

    [Fact]
    public void Display_state_commands()
    {
        var panel = PoweredSsd1306();
        panel.Write([0x00, 0x81, 0x33, 0xA7]);
        Assert.Equal(0x33, panel.Contrast);
        Assert.True(panel.IsInverted);
        Assert.Equal(128 * 64, MonoFrameTests.CountLit(panel.Visible)); // blank RAM, inverted: all lit
        panel.Write([0x00, 0xA6, 0xA5]);
        Assert.Equal(128 * 64, MonoFrameTests.CountLit(panel.Visible)); // entire display on
        panel.Write([0x00, 0xA4, 0x8D, 0x10]);
        Assert.Equal(0, MonoFrameTests.CountLit(panel.Visible));
        Assert.False(panel.PowerSupplyOn);
    }

    [Fact]
    public void An_ssd1306_without_its_charge_pump_stays_dark()
    {
        var panel = new OledEmulator();
        panel.Write([0x00, 0xA1, 0xC8, 0xA5, 0xAF]);
        Assert.True(panel.IsOn);
        Assert.Equal(0, MonoFrameTests.CountLit(panel.Visible));
    }

    [Fact]
    public void Sh1106_shows_ram_columns_2_to_129_and_drops_data_past_131()
    {
        var panel = new OledEmulator(OledControllerKind.Sh1106);
        panel.Write([0x00, 0xA1, 0xC8, 0xAF, 0xB0, 0x00, 0x10]);
        panel.Write([0x40, 0xFF, 0xFF, 0x01]); // RAM columns 0, 1 (invisible) and 2 (x = 0)
        panel.Write([0x00, 0x01, 0x18]);       // column 0x81 = 129 (x = 127)
        panel.Write([0x40, 0x80, 0xFF, 0xFF, 0xFF]);

        var visible = panel.Visible;
        Assert.True(visible.GetPixel(0, 0));
        Assert.False(visible.GetPixel(0, 1));
        Assert.True(visible.GetPixel(127, 7));
        Assert.Equal(2, MonoFrameTests.CountLit(visible));
        Assert.Single(panel.Anomalies); // the byte past column 131
    }

    [Fact]
    public void Segment_and_com_remap_mirror_the_glass()
    {
        var panel = PoweredSsd1306();
        panel.Write([0x00, 0xB0, 0x00, 0x10, 0x40]); // 40h as a command: start line 0
        panel.Write([0x40, 0x01]);
        Assert.True(panel.Visible.GetPixel(0, 0));
        panel.Write([0x00, 0xA0]);
        Assert.True(panel.Visible.GetPixel(127, 0));
        panel.Write([0x00, 0xC0]);
        Assert.True(panel.Visible.GetPixel(127, 63));
    }
}
