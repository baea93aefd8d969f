using AilasKiosk.Configuration;
using Microsoft.Extensions.Hosting;

namespace AilasKiosk.Notify;

/// <summary>
/// The daemon's last stop: reports still queued get one attempt's time (5 s at most) to go out (registered first, so stopped
/// after the card loop that produces them), well inside systemd's stop timeout.
/// </summary>
internal sealed class NotifierShutdown(INotifier notifier, KioskOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => notifier.CloseAsync(FlushLimit(options.Notify));

    /// <summary>The most reports may ever hold up an exit, whatever the attempt's limit: well inside systemd's 30 s stop.</summary>
    public static readonly TimeSpan MaxFlush = TimeSpan.FromSeconds(5);

    /// <summary>How long reports may hold up an exit: one attempt's time limit, at most <see cref="MaxFlush"/>.</summary>
    public static TimeSpan FlushLimit(NotifyOptions options) => TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, MaxFlush.TotalSeconds));
}
