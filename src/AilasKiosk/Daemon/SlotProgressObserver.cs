using AilasKiosk.Identify;
using AilasKiosk.Offload;
using AilasKiosk.Status;

namespace AilasKiosk.Daemon;

/// <summary>Turns the engine's events into the slot's phase and progress (files, bytes, MB/s, ETA).</summary>
internal sealed class SlotProgressObserver(KioskStatus status, string slot, TimeProvider time) : IOffloadObserver
{
    /// <summary>Below this much data the rate is noise; no MB/s or ETA shown yet.</summary>
    private const long MinimumBytesForRate = 4_000_000;

    private readonly object _gate = new();
    private int _filesDone;
    private int _filesTotal;
    private long _bytesDone;
    private long _bytesTotal;
    private long _startTimestamp;

    public void Planned(string sessionId, CameraIdentity? camera, int files, long bytes)
    {
        lock (_gate)
        {
            (_filesTotal, _bytesTotal, _startTimestamp) = (files, bytes, time.GetTimestamp());
        }
        status.UpdateSlot(slot, s => s with
        {
            CameraLabel = camera?.Label ?? s.CameraLabel,
            CameraSerial = camera?.Serial ?? s.CameraSerial,
            Progress = new SlotProgress(0, files, 0, bytes, null, null),
        });
    }

    public void StageChanged(OffloadStage stage)
    {
        var phase = stage switch
        {
            OffloadStage.Uploading => SlotPhase.Uploading,
            OffloadStage.Verifying => SlotPhase.Verifying,
            _ => SlotPhase.Wiping,
        };
        status.UpdateSlot(slot, s => s with { Phase = phase, Since = time.GetUtcNow() });
    }

    public void FileVerified(string relativePath, long bytes)
    {
        SlotProgress progress;
        lock (_gate)
        {
            _filesDone++;
            _bytesDone += bytes;
            progress = Current();
        }
        status.UpdateSlot(slot, s => s with { Progress = progress });
    }

    public void FileFailed(string relativePath, string reason)
    {
    }

    private SlotProgress Current()
    {
        var seconds = time.GetElapsedTime(_startTimestamp).TotalSeconds;
        double? rate = _bytesDone >= MinimumBytesForRate && seconds > 0 ? _bytesDone / 1e6 / seconds : null;
        TimeSpan? eta = rate is > 0 ? TimeSpan.FromSeconds(Math.Round((_bytesTotal - _bytesDone) / 1e6 / rate.Value)) : null;
        return new SlotProgress(_filesDone, _filesTotal, _bytesDone, _bytesTotal, rate is { } r ? Math.Round(r, 1) : null, eta);
    }
}
