using AilasKiosk.Daemon;
using AilasKiosk.Mount;
using Microsoft.Extensions.Time.Testing;

namespace AilasKiosk.Tests.Units;

/// <summary>
/// A Pi has no real-time clock: it boots at its last shutdown's time (or 1970) and NTP steps the clock when it first
/// answers. Waits, timeouts and the watchdog's pulse run on elapsed time, which such a step does not touch.
/// </summary>
public class ClockStepTests
{
    private static readonly DateTimeOffset Boot = new(1970, 1, 1, 0, 0, 30, TimeSpan.Zero);

    /// <summary>Fake time whose wall clock can be stepped, as NTP does, while its monotonic timestamps and timers run on.</summary>
    private sealed class SteppedWallClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly SemaphoreSlim _armed = new(0);
        private TimeSpan _step;

        public void StepWallClock(TimeSpan by) => _step += by;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _step;

        // Monotonic: the fake's own time, which only Advance moves.
        public override long GetTimestamp() => base.GetUtcNow().UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _armed.Release();
            return timer;
        }

        /// <summary>Once the code under test waits on a timer (at most 10 s of real time), lets <paramref name="time"/> pass.</summary>
        public async Task PassWhileWaitingAsync(TimeSpan time)
        {
            for (var passed = TimeSpan.Zero; passed < time; passed += MountPoints.PollInterval)
            {
                if (!await _armed.WaitAsync(TimeSpan.FromSeconds(10)))
                    throw new TimeoutException("the code under test is not waiting on a timer");
                Advance(MountPoints.PollInterval);
            }
        }
    }

    [Fact]
    public async Task A_mount_wait_is_not_cut_short_when_the_clock_jumps_forward()
    {
        var clock = new SteppedWallClock(Boot);
        var mounted = false;
        var wait = MountPoints.WaitForAsync(() => mounted, TimeSpan.FromSeconds(10), clock, CancellationToken.None);

        await clock.PassWhileWaitingAsync(TimeSpan.FromSeconds(1));
        clock.StepWallClock(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero) - clock.GetUtcNow()); // NTP answers
        await clock.PassWhileWaitingAsync(TimeSpan.FromSeconds(5));
        Assert.False(wait.IsCompleted, "6 s of a 10 s wait have passed: it must still be waiting");

        mounted = true;
        await clock.PassWhileWaitingAsync(MountPoints.PollInterval);
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_mount_wait_still_times_out_when_the_clock_jumps_back()
    {
        var clock = new SteppedWallClock(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
        var wait = MountPoints.WaitForAsync(() => false, TimeSpan.FromSeconds(10), clock, CancellationToken.None);

        await clock.PassWhileWaitingAsync(TimeSpan.FromSeconds(1));
        clock.StepWallClock(-TimeSpan.FromDays(1));
        await clock.PassWhileWaitingAsync(TimeSpan.FromSeconds(9) + MountPoints.PollInterval);

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 10, TimeSpan.Zero) + MountPoints.PollInterval, clock.GetUtcNow());
    }

    [Fact]
    public void The_watchdog_pulse_counts_elapsed_time_not_clock_steps()
    {
        var clock = new SteppedWallClock(Boot);
        var liveness = new Liveness(clock);
        clock.Advance(TimeSpan.FromSeconds(2));
        liveness.Beat();

        clock.StepWallClock(TimeSpan.FromDays(20_000)); // a hung loop to a wall-clock reader: the kiosk would be killed
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), liveness.SinceLastBeat);

        clock.StepWallClock(-TimeSpan.FromDays(1)); // a recent beat to a wall-clock reader: a real hang would go unseen
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(63), liveness.SinceLastBeat);
    }
}
