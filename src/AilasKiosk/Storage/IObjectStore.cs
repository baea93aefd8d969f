namespace AilasKiosk.Storage;

/// <summary>
/// The storage port: the only way the engine talks to S3. Minio sits behind it (<see cref="MinioObjectStore"/>),
/// behaviour such as retries is added by decorators (<see cref="RetryingObjectStore"/>).
/// </summary>
internal interface IObjectStore
{
    /// <summary>Where the store is, for logs and manifests (endpoint and bucket, no secret).</summary>
    string Location { get; }

    /// <summary>What the last TLS handshake with the storage settled on; null over http or before any connection.</summary>
    TlsHandshake? LastHandshake { get; }

    /// <summary>How the uploader splits an object into parts; the verifier needs it to predict the ETag.</summary>
    PartLayout PartLayout { get; }

    /// <summary>Proves the bucket exists and the credentials may use it.</summary>
    Task CheckAccessAsync(CancellationToken cancellationToken);

    /// <summary>The object's size, ETag and user metadata, or null when there is no such object.</summary>
    Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads <paramref name="content"/> under a key that must still be free (invariant 2): false when another writer
    /// took it since the caller checked, and nothing was replaced. Opened again for each attempt; a retry whose first
    /// attempt was stored after all also finds the key taken. The response is not trusted: the caller stats the object
    /// afterwards. Objects above the single-PUT size go through the SDK's multipart upload, which sends no condition.
    /// </summary>
    Task<bool> PutAsync(string key, ObjectContent content, string contentType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken);

    /// <summary>
    /// Aborts multipart uploads under <paramref name="prefix"/> started before <paramref name="initiatedBefore"/>:
    /// a crash mid-upload leaves them holding parts on the server. Returns how many keys were cleaned.
    /// </summary>
    Task<int> AbortAbandonedUploadsAsync(string prefix, DateTime initiatedBefore, CancellationToken cancellationToken);

    /// <summary>Reads the object back and returns its SHA-256 (for ETags that are not MD5-based, e.g. SSE-KMS).</summary>
    Task<byte[]> ReadSha256Async(string key, CancellationToken cancellationToken);
}

/// <summary>The bytes of an upload.</summary>
/// <param name="Open">Opens a stream of exactly <paramref name="Size"/> bytes; called again for each attempt.</param>
/// <param name="Md5">
/// The MD5 of the bytes when they were first read and hashed: sent as Content-MD5, so the server refuses a body
/// that differs from what was hashed.
/// </param>
internal sealed record ObjectContent(Func<Stream> Open, long Size, byte[] Md5);

/// <param name="ETag">Without quotes.</param>
/// <param name="Metadata">User metadata without the x-amz-meta- prefix, keys in lower case.</param>
internal sealed record StoredObject(string Key, long Size, string ETag, IReadOnlyDictionary<string, string> Metadata);
