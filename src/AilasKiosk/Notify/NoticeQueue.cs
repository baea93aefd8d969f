using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Notify;

/// <summary>
/// Reports waiting for the webhook, sent one after the other in the background. Bounded: when the webhook is slow
/// or down for long, the oldest report is dropped (with a log line) so memory stays flat and the newest news gets
/// through. Enqueuing never waits.
/// </summary>
internal sealed class NoticeQueue : IDisposable
{
    /// <summary>A day of a busy kiosk's sessions and problems; beyond that the oldest is stale news anyway.</summary>
    public const int Capacity = 100;

    private readonly Channel<Notice> _channel;
    private readonly Func<Notice, CancellationToken, Task<bool>> _send;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _drain;
    private Notice? _sending;

    public NoticeQueue(Func<Notice, CancellationToken, Task<bool>> send, ILogger<NoticeQueue> log, int capacity = Capacity)
    {
        _send = send;
        _log = log;
        _channel = Channel.CreateBounded<Notice>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => _log.LogWarning("Webhook queue full ({Capacity} reports): the oldest, {Subject} of session {DroppedSession}, is dropped",
                capacity, dropped.Subject, dropped.Session));
        // The sender must not inherit the log scope (a card's session) of whoever first asked for the notifier.
        using (ExecutionContext.SuppressFlow())
            _drain = Task.Run(DrainAsync);
    }

    public void Enqueue(Notice notice)
    {
        if (!_channel.Writer.TryWrite(notice))
            _log.LogWarning("Webhook: {Subject} of session {DroppedSession} not sent: the kiosk is stopping", notice.Subject, notice.Session);
    }

    /// <summary>Takes no more reports, sends what is queued for at most <paramref name="within"/>, then drops the rest with one log line.</summary>
    public async Task CloseAsync(TimeSpan within)
    {
        _channel.Writer.TryComplete();
        try
        {
            await _drain.WaitAsync(within);
        }
        catch (TimeoutException)
        {
            var left = _channel.Reader.Count + (Volatile.Read(ref _sending) is null ? 0 : 1);
            await _stop.CancelAsync();
            await _drain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (left > 0)
                _log.LogWarning("Webhook: {Count} report(s) not sent, the webhook did not take them within {Seconds:0.#} s of exit", left, within.TotalSeconds);
        }
    }

    private async Task DrainAsync()
    {
        var stop = _stop.Token;
        try
        {
            await foreach (var notice in _channel.Reader.ReadAllAsync(stop))
            {
                Volatile.Write(ref _sending, notice);
                try
                {
                    await _send(notice, stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bug here must cost a report, never the kiosk.
                    _log.LogError(e, "Webhook: {Subject} of session {DroppedSession} not sent", notice.Subject, notice.Session);
                }
                Volatile.Write(ref _sending, null);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        // Not disposed: the sender may still be looking at its token as it stops; a CTS without a timer holds nothing.
        _stop.Cancel();
    }
}
