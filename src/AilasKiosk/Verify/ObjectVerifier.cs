using System.Text.RegularExpressions;
using AilasKiosk.Card;
using AilasKiosk.Storage;

namespace AilasKiosk.Verify;

/// <summary>
/// Proves that the object under a key holds exactly a file's bytes (DESIGN.md §4): size equal, ETag equal to the
/// one computed locally, and the SHA-256 we stored in user metadata equal. Where the ETag is not MD5-based
/// (SSE-KMS, SSE-C), or the object lacks our SHA-256, the object is read back and hashed instead.
/// </summary>
internal sealed partial class ObjectVerifier(IObjectStore store)
{
    public const string Sha256MetadataKey = "sha256";

    /// <summary>Throws <see cref="VerificationException"/> unless the object is proven equal to the digest.</summary>
    public async Task<StoredObject> VerifyAsync(string key, FileDigest digest, CancellationToken cancellationToken)
    {
        var stored = await store.StatAsync(key, cancellationToken)
                     ?? throw new VerificationException(key, "the object is missing after upload");
        var mismatch = await CompareAsync(stored, digest, cancellationToken);
        if (mismatch is not null)
            throw new VerificationException(key, mismatch);
        return stored;
    }

    /// <summary>Null when the stored object equals the digest, otherwise what differs.</summary>
    public async Task<string?> CompareAsync(StoredObject stored, FileDigest digest, CancellationToken cancellationToken)
    {
        if (stored.Size != digest.Size)
            return $"size {stored.Size} in the bucket, {digest.Size} on the card";
        stored.Metadata.TryGetValue(Sha256MetadataKey, out var sha);
        if (sha is not null)
        {
            // Stored by a kiosk: same part layout, so the server's ETag must be the one computed locally.
            if (!string.Equals(sha, digest.Sha256, StringComparison.OrdinalIgnoreCase))
                return $"SHA-256 {sha} in the object's metadata, {digest.Sha256} on the card";
            if (Md5ETag().IsMatch(stored.ETag))
                return string.Equals(stored.ETag, digest.ExpectedETag, StringComparison.OrdinalIgnoreCase)
                    ? null
                    : $"ETag {stored.ETag} in the bucket, {digest.ExpectedETag} expected";
        }
        // Not MD5-based (SSE), or stored by someone else (the MinIO console, rclone: other part sizes, other
        // ETags for the same bytes): only the object's real bytes can tell.
        var actual = Convert.ToHexStringLower(await store.ReadSha256Async(stored.Key, cancellationToken));
        return actual == digest.Sha256 ? null : $"SHA-256 {actual} of the object's bytes, {digest.Sha256} on the card";
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}(-[0-9]+)?$")]
    private static partial Regex Md5ETag();
}

internal sealed class VerificationException(string key, string reason) : Exception($"verification of {key} failed: {reason}")
{
    public string Key { get; } = key;
    public string Reason { get; } = reason;
}
