using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace AilasKiosk.Storage;

/// <summary>Turns what the SDK and the network throw into a <see cref="StorageException"/> with a failure kind.</summary>
internal static class StorageErrors
{
    private static readonly HashSet<string> Denied = new(StringComparer.Ordinal)
        { "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "RequestTimeTooSkewed", "AllAccessDisabled", "AccountProblem" };
    private static readonly HashSet<string> Full = new(StringComparer.Ordinal)
        { "QuotaExceeded", "XMinioStorageFull", "InsufficientStorage", "EntityTooLarge" };
    private static readonly HashSet<string> Rejected = new(StringComparer.Ordinal)
        { "BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch", "IncompleteBody", "RequestTimeout" };

    /// <param name="refused">The certificate the connections last refused, if any: a handshake failure is then told as what it is.</param>
    public static StorageException Classify(Exception error, S3ErrorCapture capture, string operation, CertificateRefusal? refused = null)
    {
        if (error is StorageException known) return known;
        if (refused is not null && Has<AuthenticationException>(error))
            return new(StorageException.Of(refused.Problem), $"{operation}: storage not trusted: {refused.Sentence(DateTimeOffset.UtcNow)}", error);
        var what = $"{operation}: {capture}";
        if (capture.Status is { } status)
        {
            var code = capture.Code ?? "";
            if (code == "NoSuchBucket") return new(StorageFailure.BucketMissing, $"{what}: the bucket does not exist", error);
            if (Full.Contains(code) || status == HttpStatusCode.InsufficientStorage)
                return new(StorageFailure.Full, $"{what}: the storage is full or over quota", error);
            if (code == "RequestTimeTooSkewed")
                return new(StorageFailure.AccessDenied, $"{what}: this kiosk's clock is too far from the server's", error);
            if (Denied.Contains(code) || status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                return new(StorageFailure.AccessDenied, $"{what}: access refused (check Storage:AccessKey, the secret key and the user's policy)", error);
            if (Rejected.Contains(code))
                return new(StorageFailure.Rejected, $"{what}: the server rejected the payload", error);
            if ((int)status >= 500 || status == HttpStatusCode.TooManyRequests || code == "SlowDown")
                return new(StorageFailure.Transient, $"{what}: server error", error);
            return new(StorageFailure.Rejected, $"{what}: request refused", error);
        }
        if (IsNetwork(error))
            return new(StorageFailure.Unreachable, $"{operation}: storage unreachable: {Innermost(error).Message}", error);
        return new(StorageFailure.Transient, $"{operation}: {error.GetType().Name}: {error.Message}", error);
    }

    private static bool IsNetwork(Exception error) =>
        error is HttpRequestException or SocketException or TimeoutException or TaskCanceledException or IOException
        || (error.InnerException is { } inner && IsNetwork(inner));

    private static bool Has<T>(Exception error) where T : Exception =>
        error is T || (error.InnerException is { } inner && Has<T>(inner));

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
