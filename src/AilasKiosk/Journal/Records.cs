namespace AilasKiosk.Journal;

/// <summary>How a verified file came to be in the bucket.</summary>
public enum Disposition
{
    /// <summary>This session uploaded it.</summary>
    Uploaded,
    /// <summary>An identical object was already there (a resumed or repeated offload).</summary>
    Present,
}

public sealed record SessionStart(string Id, string Kiosk, string CardRoot, string? CameraSerial, string? CameraLabel,
    string? CameraModel, string? CameraFirmware, string? CameraSource, DateTime StartedUtc);

public sealed record SessionEnd(string Outcome, int Uploaded, int AlreadyPresent, int Verified, int Wiped, int Failed, string? Error);

/// <param name="CameraLabel">Null when the camera is not registered: the file is quarantined and must stay on the card.</param>
public sealed record VerifiedFile(string Path, long Size, Disposition Disposition, string ObjectKey, string Sha256, string Md5, string ETag,
    DateTime? CaptureLocal, bool HasGps, string CameraSerial, string? CameraLabel)
{
    public bool IsQuarantined => CameraLabel is null;
}

public sealed record JournalFile(string Path, long Size, string State, string? Disposition, string? ObjectKey, string? Sha256, string? Md5,
    string? ETag, string? CaptureLocal, bool HasGps, string? Error, string? CameraSerial, string? CameraLabel);

public sealed record SessionSummary(string Id, string CardRoot, string? CameraSerial, string? CameraLabel, string StartedUtc, string? EndedUtc,
    string Outcome, int Planned, int Uploaded, int AlreadyPresent, int Verified, int Wiped, int Failed, long BytesPlanned, string? ManifestKey, string? Error);
