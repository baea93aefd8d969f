using AilasKiosk.Crew.Screens;
using AilasKiosk.Devices.Oled;
using AilasKiosk.Simulation;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Tests.Display;

public class ResilientDisplayTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _time = new();
    private readonly ListLogger<ResilientDisplay> _log = new();

    private (ResilientDisplay Display, FlakyI2cDevice Bus) Create(OledControllerKind kind = OledControllerKind.Ssd1306)
    {
        var bus = new FlakyI2cDevice(new OledEmulator(kind));
        return (new ResilientDisplay(Frames.Controller(kind, bus), Interval, _time, _log), bus);
    }

    private int Warnings => _log.Entries.Count(e => e.Level >= LogLevel.Warning);

    [Fact]
    public void A_healthy_panel_is_passed_through()
    {
        var (display, bus) = Create();
        display.Initialize();
        var frame = Frames.SampleScreen();
        display.Show(frame);
        Assert.True(display.IsOnline);
        Assert.True(bus.Panel.Visible.ContentEquals(frame));
        Assert.Empty(_log.Entries);
    }

    [Theory]
    [InlineData(OledControllerKind.Ssd1306)]
    [InlineData(OledControllerKind.Sh1106)]
    public void An_unplugged_panel_never_throws_logs_once_and_comes_back_with_a_full_redraw(OledControllerKind kind)
    {
        var (display, bus) = Create(kind);
        display.Initialize();
        display.Show(Frames.Pattern(1));

        bus.Unplugged = true;
        var frame = Frames.SampleScreen();
        display.Show(frame);
        Assert.False(display.IsOnline);
        for (var i = 0; i < 50; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            frame.SetPixel(i, 63);
            display.Show(frame);
            display.SetContrast(0x20);
            display.SetInverted(false);
        }
        Assert.Equal(1, Warnings);

        // A reseated module: power-cycled, RAM and settings lost.
        bus.Unplugged = false;
        bus.Panel = new OledEmulator(kind);
        _time.Advance(Interval);
        frame.SetPixel(127, 0);
        display.Show(frame);

        Assert.True(display.IsOnline);
        Assert.True(bus.Panel.IsOn);
        Assert.Equal(0x20, bus.Panel.Contrast);
        Assert.Equal(frame.Bytes.ToArray(), bus.Panel.Visible.Bytes.ToArray());
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], bus.Panel.PagesWritten);
        Assert.Equal(1, Warnings);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("back"));
    }

    [Fact]
    public void Retries_come_no_more_often_than_the_interval()
    {
        var (display, bus) = Create();
        bus.Unplugged = true;
        display.Initialize();
        Assert.False(display.IsOnline);
        var callsAfterFailure = bus.Calls;

        for (var i = 0; i < 29; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            display.Show(Frames.SampleScreen());
            display.Initialize();
            display.PowerOn();
        }
        Assert.Equal(callsAfterFailure, bus.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        display.Show(Frames.SampleScreen());
        Assert.Equal(callsAfterFailure + 1, bus.Calls); // one attempt, failing at its first write
        Assert.Equal(1, Warnings);
    }

    [Fact]
    public void A_panel_missing_at_start_comes_up_later_with_what_was_asked_meanwhile()
    {
        var (display, bus) = Create();
        bus.FailuresLeft = 3;
        display.Initialize();
        var frame = Frames.SampleScreen();
        display.Show(frame);
        display.SetInverted(true);
        display.PowerOff();
        Assert.False(display.IsOnline);

        _time.Advance(Interval);
        display.Show(frame); // second attempt: fails
        Assert.False(display.IsOnline);
        _time.Advance(Interval);
        display.Show(frame); // third attempt: fails
        _time.Advance(Interval);
        display.Show(frame);

        Assert.True(display.IsOnline);
        Assert.True(bus.Panel.IsInverted);
        Assert.False(bus.Panel.IsOn); // still asleep, as asked
        display.PowerOn();
        var inverted = frame.Clone();
        inverted.Invert(0, 0, 128, 64);
        Assert.True(bus.Panel.Visible.ContentEquals(inverted));
        Assert.Equal(1, Warnings);
    }

    [Fact]
    public void A_failure_part_way_through_a_frame_is_repaired_on_recovery()
    {
        var (display, bus) = Create();
        display.Initialize();
        display.Show(new MonoFrame());

        // The fifth transfer of this frame fails: two pages got through, the rest did not.
        var frame = Frames.Pattern(9);
        var failure = new FailAfter(bus, 4);
        display.Show(frame);
        Assert.True(failure.Triggered);
        Assert.False(display.IsOnline);
        Assert.False(bus.Panel.Visible.ContentEquals(frame));

        _time.Advance(Interval);
        display.Show(frame);
        Assert.True(display.IsOnline);
        Assert.True(bus.Panel.Visible.ContentEquals(frame));
        Assert.Equal(1, Warnings);
    }

    /// <summary>Arms the flaky bus to fail once, after a number of successful transfers.</summary>
    private sealed class FailAfter
    {
        private readonly FlakyI2cDevice _bus;
        private readonly long _start;
        private readonly int _after;

        public FailAfter(FlakyI2cDevice bus, int after)
        {
            _bus = bus;
            _after = after;
            _start = bus.Calls;
            bus.BeforeCall = Check;
        }

        public bool Triggered { get; private set; }

        private void Check()
        {
            if (Triggered || _bus.Calls - _start <= _after) return;
            Triggered = true;
            _bus.BeforeCall = null;
            throw new IOException("Error 121 performing I2C data transfer.");
        }
    }
}
