using AilasKiosk.Journal;
namespace AilasKiosk.Offload;

internal sealed record OffloadReport(
    OffloadOutcome Outcome,
    string? SessionId,
    string? CameraSerial,
    string? CameraLabel,
    int Planned,
    int Uploaded,
    int AlreadyPresent,
    int Verified,
    int Wiped,
    int Failed,
    long Bytes,
    double Seconds,
    string? ManifestKey,
    string Message,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Images of unregistered cameras: secured under the quarantine prefix, verified, kept on the card.</summary>
    public int Quarantined { get; init; }

    /// <summary>Entries under DCIM/ that look like photos and that the kiosk did not take: still on the card.</summary>
    public IReadOnlyList<Card.LeftOnCard> Left { get; init; } = [];

    /// <summary>For the storage outcomes: which failure (the daemon tells "full" from "refused").</summary>
    public Storage.StorageFailure? StorageFailure { get; init; }
}
