using System.Globalization;
using System.Text;
using AilasKiosk.Configuration;
using AilasKiosk.Status;
using AilasKiosk.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Fleet;

/// <summary>
/// Keeps this kiosk's status object in the bucket current (<c>_kiosks/&lt;id&gt;/status.json</c>, read by `ailas-kiosk
/// fleet`): at start, after every change of health or of a slot's state (coalesced: at most one write per
/// <see cref="FleetOptions.MinGapSeconds"/>), every <see cref="FleetOptions.PublishSeconds"/> otherwise, and once more, marked
/// stopped, when the daemon stops cleanly. It is the one object
/// the kiosk overwrites (a PUT; never a delete). It runs beside the cards and never in their way: the status
/// model's event only wakes it, each write is one bounded request, and a storage that fails costs a log line and a
/// retry at the next tick.
/// </summary>
internal sealed class StatusPublisher(KioskOptions options, KioskStatus status, IBucketDocuments bucket, TimeProvider time, ILogger<StatusPublisher> log)
    : BackgroundService
{
    /// <summary>The most one write may take: a storage that hangs must not leave the status stale for the request timeout (120 s).</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The most the last write ("stopped") may add to a stop or a reboot.</summary>
    public static readonly TimeSpan StopWriteTimeout = TimeSpan.FromSeconds(5);

    // Completed by a change of the fleet's view; the loop puts a fresh one in place before each look at the status.
    // (A SemaphoreSlim waited with a token lost wake-ups: a Release could go to the waiter of an earlier, cancelled
    // wait, not yet removed from its list, and the writer slept through the change.)
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PublishSchedule _schedule = new(TimeSpan.FromSeconds(options.Fleet.MinGapSeconds), TimeSpan.FromSeconds(options.Fleet.PublishSeconds));
    private string _seen = "";
    private bool _failing;
    private bool _answering; // the last write was taken: only then is a last one tried at stop

    public string Key { get; } = options.Fleet.StatusKey(options.KioskId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var start = time.GetTimestamp();
        _seen = SignatureOf(status.Current);
        status.Changed += OnChanged;
        log.LogInformation("Kiosk status goes to {Location}/{Key} (every {Seconds:0} s, and on changes)", bucket.Location, Key, options.Fleet.PublishSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Armed before the snapshot is taken: a change after it completes this one, so none is missed.
                var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _changed, changed);
                var snapshot = status.Current;
                var signature = SignatureOf(snapshot);
                var wait = _schedule.WaitBeforeWrite(time.GetElapsedTime(start), signature);
                if (wait == TimeSpan.Zero)
                {
                    await WriteAsync(snapshot, stoppingToken);
                    _schedule.Attempted(time.GetElapsedTime(start), signature);
                    continue;
                }
                // Parked until the write is due or the fleet's view changes (which may make it due sooner).
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(changed.Task, Task.Delay(wait, time, either.Token));
                await either.CancelAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            status.Changed -= OnChanged;
        }
        await WriteStoppedAsync();
    }

    /// <summary>
    /// A clean stop says so, for `fleet` to show STOPPED rather than, minutes later, SILENT. One short try, and only
    /// when the storage took the last write: a stop never waits on a storage already known to be failing.
    /// </summary>
    private async Task WriteStoppedAsync()
    {
        if (!_answering)
        {
            log.LogDebug("Kiosk status not marked stopped: the storage did not take the last write");
            return;
        }
        using var limit = new CancellationTokenSource(StopWriteTimeout);
        try
        {
            await bucket.PutDocumentAsync(Key, StatusObject.Of(status.Current, time.GetUtcNow(), stopping: true).ToJson(), "application/json", limit.Token);
            log.LogInformation("Kiosk status in {Key} marked stopped", Key);
        }
        catch (Exception e)
        {
            // Nothing is lost: `fleet` will call the kiosk silent instead of stopped.
            log.LogWarning("Kiosk status in {Key} not marked stopped: {Error}", Key, e is OperationCanceledException
                ? $"no answer within {StopWriteTimeout.TotalSeconds:0} s" : e.Message);
        }
    }

    /// <summary>One PUT, bounded in time; false when the storage did not take it. Never throws but on stopping.</summary>
    private async Task<bool> WriteAsync(KioskSnapshot snapshot, CancellationToken stoppingToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(WriteTimeout);
        string? error;
        _answering = false;
        try
        {
            await bucket.PutDocumentAsync(Key, StatusObject.Of(snapshot, time.GetUtcNow()).ToJson(), "application/json", limit.Token);
            if (_failing)
                log.LogInformation("Kiosk status written to {Key} again", Key);
            _failing = false;
            _answering = true;
            return true;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            error = $"no answer within {WriteTimeout.TotalSeconds:0} s";
        }
        catch (StorageException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug here must cost the fleet's view, never the daemon.
            error = $"{e.GetType().Name}: {e.Message}";
        }
        if (!_failing)
            log.LogWarning("Kiosk status not written to {Key}: {Error}; tried again at the next tick. Cards are not affected", Key, error);
        else
            log.LogDebug("Kiosk status still not written to {Key}: {Error}", Key, error);
        _failing = true;
        return false;
    }

    /// <summary>
    /// What the fleet must see at once when it changes: each health check's state, each slot's phase and problem,
    /// the sessions that ended. Progress and the checks' wording change all the time and wait for the next tick.
    /// </summary>
    public static string SignatureOf(KioskSnapshot s)
    {
        var text = new StringBuilder();
        foreach (var check in new[] { s.Health.Storage, s.Health.Clock, s.Health.Disk })
            text.Append(check.State).Append(':').Append(check.Problem).Append(';');
        foreach (var slot in s.Slots)
            text.Append(slot.Slot).Append('=').Append(slot.Phase).Append(':').Append(slot.Problem?.Kind).Append(':').Append(slot.CameraLabel).Append(';');
        text.Append(s.RecentSessions?.Count ?? 0).Append('@')
            .Append(s.RecentSessions is [var last, ..] ? last.FinishedAt.ToString("O", CultureInfo.InvariantCulture) : "");
        return text.ToString();
    }

    private void OnChanged(KioskSnapshot snapshot)
    {
        // Called on the offload's threads: cheap, and only a new view wakes the writer.
        var signature = SignatureOf(snapshot);
        if (Interlocked.Exchange(ref _seen, signature) != signature)
            Volatile.Read(ref _changed).TrySetResult();
    }
}
