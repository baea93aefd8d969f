using AilasKiosk.Card;
using AilasKiosk.Storage;
using AilasKiosk.Verify;

namespace AilasKiosk.Upload;

/// <summary>
/// Chooses the key a file is stored under without ever replacing different content (invariant 2). The wanted
/// key is used when free; when it already holds the same bytes, the file is already offloaded; when it holds
/// other bytes (GoPro numbering restarts after a format), the file goes under a key that carries its own
/// content hash, e.g. G0030095~3f9a1c2b7d4e5f60.JPG. That key is the same on every retry, so a resumed
/// offload finds its earlier upload instead of making a duplicate.
/// </summary>
internal sealed class ObjectPlacer(IObjectStore store, ObjectVerifier verifier)
{
    private const int HashChars = 16;

    public async Task<Placement> PlaceAsync(string wantedKey, FileDigest digest, CancellationToken cancellationToken)
    {
        var existing = await store.StatAsync(wantedKey, cancellationToken);
        if (existing is null)
            return new Placement(wantedKey, NeedsUpload: true, CollidedWith: null);
        if (await verifier.CompareAsync(existing, digest, cancellationToken) is null)
            return new Placement(wantedKey, NeedsUpload: false, CollidedWith: null);

        var alternative = AlternativeKey(wantedKey, digest.Sha256);
        existing = await store.StatAsync(alternative, cancellationToken);
        if (existing is null)
            return new Placement(alternative, NeedsUpload: true, CollidedWith: wantedKey);
        if (await verifier.CompareAsync(existing, digest, cancellationToken) is null)
            return new Placement(alternative, NeedsUpload: false, CollidedWith: wantedKey);
        // Two different contents sharing 64 bits of SHA-256 under one name: refuse rather than overwrite.
        throw new VerificationException(alternative, "both the wanted key and its content-addressed alternative hold other content");
    }

    /// <summary>Inserts ~&lt;first 16 hex digits of the SHA-256&gt; before the extension of the key's last segment.</summary>
    public static string AlternativeKey(string key, string sha256)
    {
        var slash = key.LastIndexOf('/');
        var dot = key.LastIndexOf('.');
        var at = dot > slash + 1 ? dot : key.Length;
        return $"{key[..at]}~{sha256[..HashChars]}{key[at..]}";
    }
}

/// <param name="CollidedWith">The wanted key, when it held other content and an alternative was chosen.</param>
internal sealed record Placement(string Key, bool NeedsUpload, string? CollidedWith);
