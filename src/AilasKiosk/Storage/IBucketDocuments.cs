namespace AilasKiosk.Storage;

/// <summary>
/// Small JSON documents the kiosks keep in the bucket beside the images (their status under <c>_kiosks/</c>), and
/// the listing that finds them. Separate from <see cref="IObjectStore"/>, the images' port: a document is the one
/// kind of object the kiosk may overwrite (its own status), and reading one trusts nothing of its size or content.
/// </summary>
internal interface IBucketDocuments
{
    /// <summary>Where the store is, for logs (endpoint and bucket, no secret).</summary>
    string Location { get; }

    /// <summary>One PUT with Content-MD5: creates or overwrites <paramref name="key"/>. Never used for images.</summary>
    Task PutDocumentAsync(string key, byte[] body, string contentType, CancellationToken cancellationToken);

    /// <summary>The object's bytes, at most <paramref name="maxBytes"/> read (else <see cref="SmallObject.TooLarge"/>); null when absent.</summary>
    Task<SmallObject?> GetDocumentAsync(string key, int maxBytes, CancellationToken cancellationToken);

    /// <summary>The keys under <paramref name="prefix"/>, at most <paramref name="maxKeys"/>, in the server's (UTF-8 binary) order.</summary>
    Task<IReadOnlyList<ListedObject>> ListAsync(string prefix, int maxKeys, CancellationToken cancellationToken);
}

/// <param name="Body">Empty when <paramref name="TooLarge"/>: the body was not read beyond the limit.</param>
/// <param name="Size">The body's length, or the length the server claimed for one too large.</param>
internal sealed record SmallObject(string Key, byte[] Body, long Size, bool TooLarge);

internal sealed record ListedObject(string Key, long Size, DateTimeOffset? LastModified);
