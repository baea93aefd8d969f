using AilasKiosk.Cli;
using AilasKiosk.Configuration;
using AilasKiosk.Status;
using AilasKiosk.Tests.Daemon;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AilasKiosk.Tests.Status;

/// <summary>`ailas-kiosk status` tells a live daemon from a dead one by the status file's heartbeat.</summary>
public class StatusFreshnessTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_idle_daemon_is_running_for_status_at_every_write_long_after_its_model_last_changed()
    {
        using var dir = new TempDirectory();
        var time = new SteppedTime(Start);
        var status = new KioskStatus("kiosk-3", "1.2.3", time);
        var ok = new HealthCheck(CheckState.Ok, "fine");
        status.SetHealth(new HealthReport(ok, ok, ok, Start)); // the last change: idle from here on
        var options = new KioskOptions { State = new StateOptions { Directory = dir.Path } };
        using var writer = new StatusFileWriter(options, status, time, NullLogger<StatusFileWriter>.Instance);
        var path = StatusFile.PathIn(dir.Path);

        await writer.StartAsync(CancellationToken.None);
        // A minute of fake time, four times the window the status command gives a file: the writer writes, waits its
        // minimum gap, waits for a change or the heartbeat, writes again. Whenever it is parked on a timer, what it
        // has written must say "running".
        while (time.GetUtcNow() - Start < TimeSpan.FromMinutes(1))
        {
            var due = await time.NextTimerAsync();
            var snapshot = StatusFile.Read(path)!;
            Assert.True(StatusCommand.IsRunning(snapshot, time.GetUtcNow()),
                $"status says NOT RUNNING {(time.GetUtcNow() - Start).TotalSeconds:0} s after the last change, the daemon writing every {StatusFile.Heartbeat.TotalSeconds:0} s");
            Assert.Equal(Start, snapshot.UpdatedAt); // still when the model last changed
            time.RunTo(due);
        }
        await writer.StopAsync(CancellationToken.None);

        // A file nobody rewrites goes stale after the watchdog's 30 s.
        var last = StatusFile.Read(path)!;
        Assert.True(StatusCommand.IsRunning(last, last.LastSeen + TimeSpan.FromSeconds(29)));
        Assert.False(StatusCommand.IsRunning(last, last.LastSeen + TimeSpan.FromSeconds(30)));
    }
}
