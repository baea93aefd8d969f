namespace AilasKiosk.Crew.Screens;

/// <summary>
/// What the crew-facing display shows, as plain immutable data. It knows nothing about the daemon or the
/// engine: whoever drives the display maps its own status model onto one of these cases.
/// </summary>
internal abstract record ScreenState
{
    private ScreenState() { }

    /// <summary>No card in: ready for one. <paramref name="LastCard"/> is preformatted, e.g. "AILAS-07 · 312 photos · 14:02".</summary>
    public sealed record Idle(string? IpAddress, bool StorageHealthy, string? LastCard) : ScreenState;

    /// <summary>A card is being offloaded: wait, do not pull it.</summary>
    public sealed record Working(string Label, WorkPhase Phase, int FilesDone, int FilesTotal, long BytesDone, long BytesTotal,
        double? MegabytesPerSecond, TimeSpan? Eta) : ScreenState;

    /// <summary>Everything verified, wiped and unmounted: safe to remove.</summary>
    public sealed record Done(string Label, int Files, long Bytes) : ScreenState;

    /// <summary>
    /// Something needs a person. <paramref name="CardChanged"/> says whether any file was deleted from the card.
    /// <paramref name="Detail"/> is used by <see cref="ProblemKind.UnknownCamera"/> (the camera serial) and
    /// <see cref="ProblemKind.PartialFailure"/> (e.g. "17 of 731 files") and <see cref="ProblemKind.PhotosLeftOnCard"/> (e.g. "3 photos");
    /// other kinds ignore it.
    /// </summary>
    public sealed record Problem(ProblemKind Kind, string? Detail, bool CardChanged) : ScreenState;

    /// <summary>Several readers hold cards: one line each, most urgent first (up to four fit).</summary>
    public sealed record Several(IReadOnlyList<SlotLine> Slots) : ScreenState;
}

/// <summary>One reader on the <see cref="ScreenState.Several"/> screen: "AILAS-07  57%", "AILAS-03  DONE, PULL".</summary>
/// <param name="Alert">A problem: drawn dark on lit so it stands out.</param>
internal sealed record SlotLine(string Label, string State, bool Alert);

public enum WorkPhase
{
    Identifying,
    Uploading,
    Verifying,
    Wiping,
}

public enum ProblemKind
{
    StorageUnreachable,
    StorageRefused,
    StorageFull,
    WaitingForClock,
    UnknownCamera,
    NotACameraCard,
    CardReadError,
    CardPulledTooEarly,
    PartialFailure,
    KioskDiskFull,
    PhotosLeftOnCard,
    StorageUntrusted,
    StorageWrongName,
    StorageCertificateExpired,
    StorageCertificateNotYetValid,
}
