namespace AilasKiosk.Storage;

/// <summary>What went wrong with the storage, in the terms the crew's screen and the exit code need.</summary>
internal enum StorageFailure
{
    /// <summary>No answer: connection refused, DNS, timeout, TLS. Worth retrying.</summary>
    Unreachable,
    /// <summary>The server answered but refused: bad credentials, no permission, wrong clock.</summary>
    AccessDenied,
    /// <summary>The configured bucket does not exist.</summary>
    BucketMissing,
    /// <summary>Quota exceeded or server out of space.</summary>
    Full,
    /// <summary>The server rejected the payload (BadDigest, size mismatch): our bytes did not arrive intact.</summary>
    Rejected,
    /// <summary>Temporary server trouble (5xx, slow down). Worth retrying.</summary>
    Transient,
    // A refused TLS certificate: a setting, the certificate or the clock, never the network. Each has its own fix,
    // so each is its own failure (and screen, and exit code).
    /// <summary>The server's certificate is signed by a CA this kiosk does not trust (or is otherwise invalid).</summary>
    Untrusted,
    /// <summary>The server's certificate is made for another name than Storage:Endpoint's host.</summary>
    WrongName,
    /// <summary>The server's certificate is past its end date, by this kiosk's clock.</summary>
    CertificateExpired,
    /// <summary>The server's certificate is not valid yet, by this kiosk's clock: most often the clock is behind.</summary>
    CertificateNotYetValid,
}

internal sealed class StorageException(StorageFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public StorageFailure Failure { get; } = failure;

    public bool IsTransient => Failure is StorageFailure.Unreachable or StorageFailure.Transient or StorageFailure.Rejected;

    /// <summary>Failures that will fail every other file too: stop the session rather than grind through the card.</summary>
    public bool IsFatalForSession => Failure is StorageFailure.Unreachable or StorageFailure.AccessDenied or StorageFailure.BucketMissing or StorageFailure.Full
        || IsCertificate(Failure);

    /// <summary>The failures of a refused certificate.</summary>
    public static bool IsCertificate(StorageFailure failure) => failure is StorageFailure.Untrusted or StorageFailure.WrongName
        or StorageFailure.CertificateExpired or StorageFailure.CertificateNotYetValid;

    /// <summary>The failure a refused certificate is.</summary>
    public static StorageFailure Of(CertificateProblem problem) => problem switch
    {
        CertificateProblem.NameMismatch => StorageFailure.WrongName,
        CertificateProblem.Expired => StorageFailure.CertificateExpired,
        CertificateProblem.NotYetValid => StorageFailure.CertificateNotYetValid,
        _ => StorageFailure.Untrusted,
    };
}
