using AilasKiosk.Configuration;
using AilasKiosk.Detect;
using AilasKiosk.Mount;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Daemon;

/// <summary>
/// `ailas-kiosk run`: looks at the block devices every Cards:PollSeconds and gives each card that appears its own
/// <see cref="CardWorkflow"/>, so several readers offload at once; a card that disappears has its workflow told.
/// Polling sysfs is cheap, needs no udev library (none is available for .NET) and cannot miss an event.
/// </summary>
internal sealed class KioskDaemon(KioskOptions options, BlockDeviceScanner scanner, CardWorkflow workflow, ICardMounter mounter, Liveness liveness,
    TimeProvider time, ILogger<KioskDaemon> log) : BackgroundService
{
    private readonly Dictionary<string, Insertion> _cards = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cards = options.Cards;
        log.LogInformation("Watching for cards every {Poll} s; mounting with {Mount} under {MountRoot}{Loop}",
            cards.PollSeconds, cards.Mount, cards.MountRoot, cards.IncludeLoopDevices ? "; loop devices count as cards" : "");
        var interval = TimeSpan.FromSeconds(cards.PollSeconds);
        await mounter.ReleaseLeftoversAsync(stoppingToken);
        string? scanError = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                liveness.Beat();
                try
                {
                    Reconcile(scanner.Scan(), stoppingToken);
                    scanError = null;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    if (scanError != e.Message)
                        log.LogError("Cannot list block devices: {Error}", e.Message);
                    scanError = e.Message;
                }
                await Task.Delay(interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            // Each workflow stops its engine (verified work is journaled) and unmounts, within systemd's stop timeout.
            await Task.WhenAll(_cards.Values.Select(c => c.Work));
            foreach (var card in _cards.Values)
                card.Dispose();
        }
    }

    private void Reconcile(IReadOnlyList<BlockDevice> present, CancellationToken stoppingToken)
    {
        var names = present.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, card) in _cards.ToList())
        {
            // The workflow logs the removal, under the card's session.
            if (!names.Contains(name) && !card.Removed.IsCancellationRequested)
                card.Removed.Cancel();
            if (card.Work.IsCompleted && card.Removed.IsCancellationRequested)
            {
                card.Dispose();
                _cards.Remove(name);
            }
        }
        foreach (var device in present.Where(d => !_cards.ContainsKey(d.Key)))
        {
            var removed = new CancellationTokenSource();
            var work = Task.Run(() => workflow.RunAsync(device, removed.Token, stoppingToken), CancellationToken.None);
            _cards[device.Key] = new Insertion(device, removed, work);
        }
    }

    private sealed record Insertion(BlockDevice Device, CancellationTokenSource Removed, Task Work) : IDisposable
    {
        public void Dispose() => Removed.Dispose();
    }
}
