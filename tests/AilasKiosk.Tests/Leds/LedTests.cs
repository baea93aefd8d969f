using System.Device.Gpio;
using AilasKiosk.Crew.Leds;
using AilasKiosk.Devices.Gpio;
using Microsoft.Extensions.Time.Testing;

namespace AilasKiosk.Tests.Leds;

/// <summary>The LEDs on a fake GPIO driver, in fake time: what a crew would see, step by step.</summary>
public class LedTests
{
    private const int Green = 17, Amber = 27, Red = 22;

    private sealed class Rig : IDisposable
    {
        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
        public FakeGpioDriver Driver { get; }
        public LedPlayer Player { get; }
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        public Rig(bool activeLow = false)
        {
            Driver = new FakeGpioDriver(Time);
            Player = new LedPlayer(new GpioLeds(new GpioController(Driver), Green, Amber, Red, activeLow), Time);
            _running = Player.RunAsync(_stop.Token);
        }

        /// <summary>One 125 ms step of fake time, then waits for the player to have shown it.</summary>
        public void Step()
        {
            var before = Player.Steps;
            Time.Advance(LedPattern.Step);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Player.Steps == before)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the LED player did not step");
                Thread.Yield();
            }
        }

        public bool Lit(int pin, bool activeLow = false) => (Driver.Level(pin) == PinValue.High) ^ activeLow;

        public void Dispose()
        {
            _stop.Cancel();
            _running.Wait();
            Player.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void Each_signal_shows_its_rhythm_on_the_pins_step_by_step_for_two_cycles(LedSignal signal)
    {
        using var rig = new Rig();
        var pattern = LedPatterns.For(signal);
        rig.Player.Play(signal);
        var seen = new Dictionary<int, System.Text.StringBuilder> { [Green] = new(), [Amber] = new(), [Red] = new() };
        for (var step = 0; step < 2 * LedPattern.Steps; step++)
        {
            if (step > 0) rig.Step();
            foreach (var (pin, text) in seen) text.Append(rig.Lit(pin) ? '#' : '.');
        }
        Assert.Equal(pattern.Green + pattern.Green, seen[Green].ToString());
        Assert.Equal(pattern.Amber + pattern.Amber, seen[Amber].ToString());
        Assert.Equal(pattern.Red + pattern.Red, seen[Red].ToString());
        // Each write happened on a step boundary of the fake clock, and only when a level changed.
        var start = rig.Time.GetUtcNow() - LedPattern.Step * (2 * LedPattern.Steps - 1);
        Assert.All(rig.Driver.Writes.Where(w => w.At >= start), w => Assert.Equal(0, (w.At - start).Ticks % LedPattern.Step.Ticks));
        Assert.All(rig.Driver.Writes.GroupBy(w => w.Pin), pin => Assert.All(pin.Zip(pin.Skip(1)), pair => Assert.NotEqual(pair.First.Value, pair.Second.Value)));
    }

    public static TheoryData<LedSignal> Signals() => new(Enum.GetValues<LedSignal>());

    [Fact]
    public void Active_low_wiring_inverts_every_level_and_starts_dark()
    {
        using var rig = new Rig(activeLow: true);
        Assert.All(new[] { Green, Amber, Red }, pin => Assert.Equal(PinValue.High, rig.Driver.Level(pin))); // dark = high
        rig.Player.Play(LedSignal.SafeToRemove);
        Assert.Equal(PinValue.Low, rig.Driver.Level(Green));
        Assert.Equal((PinValue.High, PinValue.High), (rig.Driver.Level(Amber), rig.Driver.Level(Red)));
    }

    [Fact]
    public void The_same_signal_again_keeps_its_rhythm_and_a_new_one_starts_at_its_first_flash()
    {
        using var rig = new Rig();
        rig.Player.Play(LedSignal.Working); // amber 8 on, 8 off
        for (var i = 0; i < 9; i++) rig.Step();
        Assert.False(rig.Lit(Amber)); // step 9: dark half
        rig.Player.Play(LedSignal.Working);
        Assert.False(rig.Lit(Amber)); // not restarted
        rig.Player.Play(LedSignal.ProblemCardUntouched);
        Assert.True(rig.Lit(Red)); // first flash at once
        Assert.False(rig.Lit(Amber));
    }

    [Fact]
    public void Disposing_leaves_every_LED_dark_and_the_pins_released()
    {
        var rig = new Rig();
        rig.Player.Play(LedSignal.SafeToRemove);
        Assert.True(rig.Lit(Green));
        rig.Dispose();
        Assert.All(new[] { Green, Amber, Red }, pin => Assert.Equal(PinValue.Low, rig.Driver.Level(pin)));
        Assert.Empty(rig.Driver.OpenPins);
    }

    [Fact]
    public void Every_signal_has_its_own_rhythm_so_colour_is_never_needed()
    {
        var rhythms = LedPatterns.All.Select(p => p.Rhythm).ToList();
        Assert.Equal(rhythms.Count, rhythms.Distinct().Count());
        Assert.Equal(Enum.GetValues<LedSignal>().Order(), LedPatterns.All.Select(p => p.Signal).Order());
        Assert.All(LedPatterns.All, p => Assert.All(new[] { p.Green, p.Amber, p.Red },
            r => Assert.Matches($"^[#.]{{{LedPattern.Steps}}}$", r)));
        // Red means a person is needed; only problems use it.
        Assert.All(LedPatterns.All.Where(p => p.Red.Contains('#')), p =>
            Assert.Contains(p.Signal, new[] { LedSignal.ProblemCardUntouched, LedSignal.ProblemCardPartlyOffloaded, LedSignal.UnknownCamera, LedSignal.StorageDownIdle }));
    }
}
