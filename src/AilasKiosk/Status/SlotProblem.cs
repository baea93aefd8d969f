namespace AilasKiosk.Status;

/// <summary>Why a slot needs attention. Each kind is a distinct state on the display and the LEDs.</summary>
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
    /// <summary>The kiosk's own disk (journal, manifests, status) is full: not the card's, not the bucket's.</summary>
    KioskDiskFull,
    /// <summary>Everything taken is done, but things that look like photos were not taken: the card must not be formatted.</summary>
    PhotosLeftOnCard,
    /// <summary>The storage server's certificate is refused (unknown CA, another name, expired, not yet valid): a setting or the clock.</summary>
    StorageUntrusted,
}

/// <summary>
/// A slot's problem. <paramref name="CardChanged"/> says whether anything was deleted from the card — the crew's
/// first question. <paramref name="Message"/> is for maintainers (status, logs); <paramref name="Detail"/> is
/// the short fact the display shows (a camera serial, "17 of 731 files").
/// </summary>
internal sealed record SlotProblem(ProblemKind Kind, string Message, bool CardChanged, string? Detail = null);
