using AilasKiosk.Identify;

namespace AilasKiosk.Offload;

/// <summary>The steps of a session after the scan, as the crew sees them.</summary>
internal enum OffloadStage
{
    Uploading,
    /// <summary>Every image is dealt with; the manifest is being stored and verified.</summary>
    Verifying,
    Wiping,
}

/// <summary>
/// Watches one session as it runs (the daemon turns this into slot status: phase, progress, MB/s). Called from
/// the engine's worker threads; implementations must be thread-safe and quick.
/// </summary>
internal interface IOffloadObserver
{
    /// <summary>The card is scanned and its camera known (or not): the work ahead.</summary>
    void Planned(string sessionId, CameraIdentity? camera, int files, long bytes);

    void StageChanged(OffloadStage stage);

    /// <summary>One image is verified in the bucket (uploaded now or found already there).</summary>
    void FileVerified(string relativePath, long bytes);

    /// <summary>One image could not be offloaded; it stays on the card.</summary>
    void FileFailed(string relativePath, string reason);
}

/// <summary>For callers that do not watch (the `offload` command).</summary>
internal sealed class NoOffloadObserver : IOffloadObserver
{
    public static readonly NoOffloadObserver Instance = new();
    public void Planned(string sessionId, CameraIdentity? camera, int files, long bytes) { }
    public void StageChanged(OffloadStage stage) { }
    public void FileVerified(string relativePath, long bytes) { }
    public void FileFailed(string relativePath, string reason) { }
}
