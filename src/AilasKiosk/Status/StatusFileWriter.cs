using AilasKiosk.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Status;

/// <summary>
/// Keeps status.json current: after changes (at most a few writes a second: progress changes often and the
/// state directory is on an SD card) and every <see cref="StatusFile.Heartbeat"/>, each write stamped with its
/// time (<see cref="KioskSnapshot.WrittenAt"/>), so readers can tell a live daemon from a dead one even when
/// nothing changes for hours.
/// </summary>
internal sealed class StatusFileWriter(KioskOptions options, KioskStatus status, TimeProvider time, ILogger<StatusFileWriter> log) : BackgroundService
{
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim _changed = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = StatusFile.PathIn(options.State.Directory);
        status.Changed += OnChanged;
        var failing = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    StatusFile.Write(path, status.Current with { WrittenAt = time.GetUtcNow() });
                    failing = false;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    if (!failing)
                        log.LogError("Cannot write {Path}: {Error}; `ailas-kiosk status` will show stale data", path, e.Message);
                    failing = true;
                }
                await Task.Delay(MinimumGap, time, stoppingToken);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(_changed.WaitAsync(either.Token), Task.Delay(StatusFile.Heartbeat - MinimumGap, time, either.Token));
                await either.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            status.Changed -= OnChanged;
            // The last word: the slots as they were when the daemon stopped.
            try
            {
                StatusFile.Write(path, status.Current with { WrittenAt = time.GetUtcNow() });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private void OnChanged(KioskSnapshot _)
    {
        if (_changed.CurrentCount == 0)
            _changed.Release();
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }
}
