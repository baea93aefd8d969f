namespace AilasKiosk.Journal;

/// <summary>Where a file of a session stands; stored through <see cref="JournalCodes.FileStates"/>.</summary>
internal enum FileState
{
    /// <summary>Listed on the card, not yet proven in the bucket.</summary>
    Planned,
    /// <summary>Proven in the bucket (invariant 1): it may be wiped.</summary>
    Verified,
    /// <summary>Not offloaded or not wiped; it stays on the card (see the row's error).</summary>
    Failed,
    /// <summary>Deleted from the card after its verification.</summary>
    Wiped,
}

/// <summary>How a verified file came to be in the bucket.</summary>
internal enum Disposition
{
    /// <summary>This session uploaded it.</summary>
    Uploaded,
    /// <summary>An identical object was already there (a resumed or repeated offload).</summary>
    Present,
}

/// <param name="CardUuid">The card's file-system serial (FAT volume ID, exFAT serial) when known: what ties a later session of the
/// same card to this one's proofs.</param>
internal sealed record SessionStart(string Id, string Kiosk, string CardRoot, string? CameraSerial, string? CameraLabel,
    string? CameraModel, string? CameraFirmware, string? CameraSource, DateTime StartedUtc, string? CardUuid = null);

internal sealed record SessionEnd(OffloadOutcome Outcome, int Uploaded, int AlreadyPresent, int Verified, int Wiped, int Failed, string? Error);

/// <param name="CameraLabel">Null when the camera is not registered: the file is quarantined and must stay on the card.</param>
internal sealed record VerifiedFile(string Path, long Size, Disposition Disposition, string ObjectKey, string Sha256, string Md5, string ETag,
    DateTime? CaptureLocal, bool HasGps, string CameraSerial, string? CameraLabel)
{
    public bool IsQuarantined => CameraLabel is null;
}

internal sealed record JournalFile(string Path, long Size, FileState State, Disposition? Disposition, string? ObjectKey, string? Sha256, string? Md5,
    string? ETag, string? CaptureLocal, bool HasGps, string? Error, string? CameraSerial, string? CameraLabel);

/// <param name="Outcome">Null when the session never ended: a crash or power cut stopped it (or it is running now).</param>
internal sealed record SessionSummary(string Id, string CardRoot, string? CameraSerial, string? CameraLabel, string StartedUtc, string? EndedUtc,
    OffloadOutcome? Outcome, int Planned, int Uploaded, int AlreadyPresent, int Verified, int Wiped, int Failed, long BytesPlanned, string? ManifestKey, string? Error)
{
    /// <summary>What the history shows: a session that never ended reads "interrupted" (README, `history`).</summary>
    public string OutcomeText => Outcome?.ToString() ?? "interrupted";
}

/// <summary>A file's proof from an earlier session of the same card, found by path, size and modification time.</summary>
internal sealed record EarlierProof(string SessionId, VerifiedFile File);
