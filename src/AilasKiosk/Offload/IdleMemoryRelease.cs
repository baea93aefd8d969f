using AilasKiosk.Card;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Offload;

/// <summary>
/// Gives the card buffers back once no card is being offloaded. While cards come in, the reader keeps one 16 MiB
/// buffer per file in flight for reuse; two cards at once leave six (~100 MiB), and a kiosk spends most of its life
/// idle between crews, on a Pi that may have 1 GB. Freed, then collected at once: a quiet daemon would otherwise
/// hold them until a full collection that may not come for days.
/// </summary>
internal sealed class IdleMemoryRelease(CardFileReader reader, ILogger<IdleMemoryRelease> log)
{
    private int _sessions;

    /// <summary>Counts a session as running until the returned handle is disposed; the last one out releases the buffers.</summary>
    public IDisposable SessionRunning()
    {
        Interlocked.Increment(ref _sessions);
        return new Running(this);
    }

    private void Ended()
    {
        if (Interlocked.Decrement(ref _sessions) > 0)
            return;
        var released = reader.ReleaseBuffers();
        if (released == 0)
            return;
        var before = Environment.WorkingSet;
        // Aggressive: compacts and hands the freed pages back to the system now, rather than keeping them for reuse.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        log.LogInformation("No card in progress: {Buffers} card buffers released, resident memory {Before:0} → {After:0} MiB",
            released, before / 1048576.0, Environment.WorkingSet / 1048576.0);
    }

    private sealed class Running(IdleMemoryRelease owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Ended();
        }
    }
}
