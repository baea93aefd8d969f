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
    private readonly ReaderFilter _readers = new(options.Cards);

    /// <summary>Media in readers that are not this kiosk's, each logged once while it stays.</summary>
    private readonly HashSet<string> _leftAlone = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cards = options.Cards;
        log.LogInformation("Looking for cards in {Readers} every {Poll} s; mounting with {Mount} under {MountRoot}{Loop}",
            _readers, cards.PollSeconds, cards.Mount, cards.MountRoot, cards.IncludeLoopDevices ? "; loop devices count as cards" : "");
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
                    Reconcile(Ours(scanner.Scan()), stoppingToken);
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

    /// <summary>The media in this kiosk's readers; a card in another reader is said once, so a maintainer knows why.</summary>
    private List<BlockDevice> Ours(IReadOnlyList<BlockDevice> present)
    {
        _leftAlone.IntersectWith(present.Select(d => d.Key));
        var ours = new List<BlockDevice>(present.Count);
        foreach (var device in present)
        {
            if (_readers.Takes(device))
                ours.Add(device);
            else if (_leftAlone.Add(device.Key))
                log.LogInformation("Card {Device} left alone: its reader {Reader} is not one of this kiosk's (Cards:Readers)", device.DevicePath, device.Reader);
        }
        return ours;
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
