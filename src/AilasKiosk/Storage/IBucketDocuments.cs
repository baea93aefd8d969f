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

    /// <summary>
    /// One PUT with Content-MD5 that replaces <paramref name="key"/> only if it is still as it was read: with the ETag
    /// <paramref name="readETag"/>, or absent when that is null (S3's If-Match, If-None-Match: *). False when another
    /// writer came in between (412; AWS also answers 409 to a race, and 404 when the object was deleted meanwhile): read
    /// it again and redo the change. A server that ignored the conditions would write anyway: the last writer wins.
    /// </summary>
    Task<bool> ReplaceDocumentAsync(string key, byte[] body, string contentType, string? readETag, CancellationToken cancellationToken);

    /// <summary>The object's bytes, at most <paramref name="maxBytes"/> read (else <see cref="SmallObject.TooLarge"/>); null when absent.</summary>
    Task<SmallObject?> GetDocumentAsync(string key, int maxBytes, CancellationToken cancellationToken);

    /// <summary>The keys under <paramref name="prefix"/>, at most <paramref name="maxKeys"/>, in the server's (UTF-8 binary) order.</summary>
    Task<IReadOnlyList<ListedObject>> ListAsync(string prefix, int maxKeys, CancellationToken cancellationToken);
}

/// <param name="Body">Empty when <paramref name="TooLarge"/>: the body was not read beyond the limit.</param>
/// <param name="Size">The body's length, or the length the server claimed for one too large.</param>
/// <param name="ETag">The server's ETag of what was read, unquoted (null if it sent none): what a conditional write expects.</param>
internal sealed record SmallObject(string Key, byte[] Body, long Size, bool TooLarge, string? ETag = null);

internal sealed record ListedObject(string Key, long Size, DateTimeOffset? LastModified);
