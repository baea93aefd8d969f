using AilasKiosk.Configuration;
using AilasKiosk.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Health;

/// <summary>
/// Watches storage (reachable, credentials, bucket), the clock and free space — at start, every
/// Health:StorageCheckSeconds while all is well, every few seconds while something fails or a card waits on it —
/// and publishes the result into the status model. Changes are logged once, not at every check.
/// </summary>
internal sealed class HealthMonitor(KioskOptions options, HealthChecks checks, KioskStatus status, TimeProvider time,
    ILogger<HealthMonitor> log) : BackgroundService
{
    /// <summary>How often to look again while something is failing: quick recovery once the cable is back.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Asks for a check now (a card is waiting for storage or the clock).</summary>
    public void CheckSoon()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var previous = status.Current.Health;
        while (!stoppingToken.IsCancellationRequested)
        {
            HealthReport report;
            try
            {
                report = await checks.CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            LogChanges(previous, report);
            status.SetHealth(report);
            previous = report;
            var interval = report.Healthy ? TimeSpan.FromSeconds(options.Health.StorageCheckSeconds) : RetryInterval;
            await WaitAsync(interval, stoppingToken);
        }
    }

    /// <summary>Until the interval passes on the kiosk's TimeProvider, or someone asks for a check.</summary>
    private async Task WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(interval, time, either.Token);
        var woken = _wake.WaitAsync(either.Token);
        await Task.WhenAny(delay, woken);
        await either.CancelAsync();
    }

    private void LogChanges(HealthReport before, HealthReport after)
    {
        Log("Storage", before.Storage, after.Storage);
        Log("Clock", before.Clock, after.Clock);
        Log("Disk", before.Disk, after.Disk);
    }

    private void Log(string what, HealthCheck before, HealthCheck after)
    {
        if (before.State == after.State)
            return;
        if (after.IsOk)
            log.LogInformation("Health: {Check} OK: {Detail}", what, after.Detail);
        else
            log.LogWarning("Health: {Check} failing: {Detail}", what, after.Detail);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
