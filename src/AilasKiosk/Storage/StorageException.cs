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
    /// <summary>The server's TLS certificate is refused (unknown CA, another name, expired, not yet valid): a setting or the clock, not the network.</summary>
    Untrusted,
}

internal sealed class StorageException(StorageFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public StorageFailure Failure { get; } = failure;

    public bool IsTransient => Failure is StorageFailure.Unreachable or StorageFailure.Transient or StorageFailure.Rejected;

    /// <summary>Failures that will fail every other file too: stop the session rather than grind through the card.</summary>
    public bool IsFatalForSession => Failure is StorageFailure.Unreachable or StorageFailure.AccessDenied or StorageFailure.BucketMissing or StorageFailure.Full
        or StorageFailure.Untrusted;
}
