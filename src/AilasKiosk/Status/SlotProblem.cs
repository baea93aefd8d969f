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
    /// <summary>The storage server's certificate is signed by a CA this kiosk does not trust (or is otherwise invalid).</summary>
    StorageUntrusted,
    /// <summary>The storage server's certificate is made for another name than Storage:Endpoint's host.</summary>
    StorageWrongName,
    /// <summary>The storage server's certificate has expired.</summary>
    StorageCertificateExpired,
    /// <summary>The storage server's certificate is not valid yet by this kiosk's clock: most often the clock is behind.</summary>
    StorageCertificateNotYetValid,
}

/// <summary>Which problem each storage failure is, for the slot, the health check and the display alike.</summary>
internal static class StorageProblems
{
    public static ProblemKind Of(Storage.StorageFailure failure) => failure switch
    {
        Storage.StorageFailure.Unreachable or Storage.StorageFailure.Transient => ProblemKind.StorageUnreachable,
        Storage.StorageFailure.Full => ProblemKind.StorageFull,
        Storage.StorageFailure.Untrusted => ProblemKind.StorageUntrusted,
        Storage.StorageFailure.WrongName => ProblemKind.StorageWrongName,
        Storage.StorageFailure.CertificateExpired => ProblemKind.StorageCertificateExpired,
        Storage.StorageFailure.CertificateNotYetValid => ProblemKind.StorageCertificateNotYetValid,
        _ => ProblemKind.StorageRefused,
    };

    /// <summary>The problems of a refused certificate: the card waits for the storage to be trusted again.</summary>
    public static bool IsCertificate(ProblemKind kind) => kind is ProblemKind.StorageUntrusted or ProblemKind.StorageWrongName
        or ProblemKind.StorageCertificateExpired or ProblemKind.StorageCertificateNotYetValid;
}

/// <summary>
/// A slot's problem. <paramref name="CardChanged"/> says whether anything was deleted from the card — the crew's
/// first question. <paramref name="Message"/> is for maintainers (status, logs); <paramref name="Detail"/> is
/// the short fact the display shows (a camera serial, "17 of 731 files").
/// </summary>
internal sealed record SlotProblem(ProblemKind Kind, string Message, bool CardChanged, string? Detail = null);
