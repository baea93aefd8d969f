namespace AilasKiosk.Status;

/// <summary>The medium in a slot, as the kernel and udev describe it.</summary>
internal sealed record CardInfo(string Device, string? FileSystem, string? VolumeLabel, string? Uuid);

/// <summary>Progress of the upload: files and bytes done (verified or already present) of the planned total.</summary>
internal sealed record SlotProgress(int FilesDone, int FilesTotal, long BytesDone, long BytesTotal, double? MegabytesPerSecond, TimeSpan? Eta);

/// <summary>How a finished card session went, kept on the slot until the card is removed.</summary>
internal sealed record SlotResult(string Outcome, int Files, long Bytes, int Verified, int Wiped, int Failed, double Seconds, string? ManifestKey);

/// <summary>One reader slot, now. Immutable: the status model swaps whole values.</summary>
internal sealed record SlotStatus(
    string Slot,
    SlotPhase Phase,
    DateTimeOffset Since,
    CardInfo? Card = null,
    string? Session = null,
    string? CameraLabel = null,
    string? CameraSerial = null,
    SlotProgress? Progress = null,
    SlotProblem? Problem = null,
    SlotResult? Result = null)
{
    /// <summary>The crew must not pull the card: something is being read or written.</summary>
    public bool IsBusy => Phase is SlotPhase.CardDetected or SlotPhase.Identifying or SlotPhase.Uploading
        or SlotPhase.Verifying or SlotPhase.Wiping or SlotPhase.Ejecting;
}
