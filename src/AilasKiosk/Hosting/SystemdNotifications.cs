using AilasKiosk.Daemon;
using AilasKiosk.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Hosting;

/// <summary>
/// Talks to systemd over $NOTIFY_SOCKET (Type=notify): READY=1 once started, a STATUS= line that
/// `systemctl status ailas-kiosk` shows, WATCHDOG=1 every WATCHDOG_USEC/2 while the card loop is alive (the
/// hosting library does not ping, DESIGN.md §7), STOPPING=1 on shutdown. The library's UseSystemd() is not used:
/// it decides from the parent process, which ProtectProc=invisible hides; $NOTIFY_SOCKET is what counts.
/// </summary>
internal sealed class SystemdNotifications(ISystemdNotifier notifier, Liveness liveness, KioskStatus status, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<SystemdNotifications> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled)
            return;
        var watchdog = WatchdogInterval();
        log.LogInformation("systemd notifications on{Watchdog}", watchdog is { } w ? $", watchdog pinged every {w.TotalSeconds:0.#} s" : "");
        lifetime.ApplicationStarted.Register(() => notifier.Notify(ServiceState.Ready));
        lifetime.ApplicationStopping.Register(() => notifier.Notify(ServiceState.Stopping));

        var period = watchdog ?? TimeSpan.FromSeconds(5);
        string? lastStatus = null;
        var starving = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (watchdog is { } interval)
            {
                // Two missed half-periods mean the loop is stuck: stay silent and let systemd restart us.
                var alive = liveness.SinceLastBeat < interval * 2;
                if (alive)
                    notifier.Notify(new ServiceState("WATCHDOG=1"));
                else if (!starving)
                    log.LogError("The card loop has not run for {Seconds:0} s: not feeding the watchdog, systemd will restart the kiosk", liveness.SinceLastBeat.TotalSeconds);
                starving = !alive;
            }
            var line = StatusLine.Of(status.Current);
            if (line != lastStatus)
            {
                notifier.Notify(new ServiceState("STATUS=" + line));
                lastStatus = line;
            }
            try
            {
                await Task.Delay(period < TimeSpan.FromSeconds(5) ? period : TimeSpan.FromSeconds(5), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Half of WATCHDOG_USEC, when systemd asked this very process for pings.</summary>
    private static TimeSpan? WatchdogInterval()
    {
        if (!long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out var usec) || usec <= 0)
            return null;
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return null;
        return TimeSpan.FromTicks(usec * 10 / 2);
    }
}
