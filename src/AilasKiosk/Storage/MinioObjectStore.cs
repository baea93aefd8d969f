using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AilasKiosk.Configuration;
using Minio;
using Minio.DataModel.Args;

namespace AilasKiosk.Storage;

/// <summary>
/// The storage port over the Minio .NET SDK 7.0.0, except for the two requests of every photo (HEAD and single
/// PUT), which <see cref="S3ObjectRequests"/> sends itself over the same connections: the SDK cannot send a single
/// PUT above 5 MiB nor Content-MD5, checks the bucket before each object call and copies and re-hashes each body
/// (issue 12 measured 3 requests and 6 hash passes per photo). The SDK keeps the bucket check, multipart uploads of
/// large files, listings, aborts and reads. Its traps (DESIGN.md §8) are handled here and nowhere else: host:port
/// plus WithSSL (it ignores a URL's scheme), our own HttpClient with connect timeouts and
/// <see cref="S3WireHandler"/>, streams we open and dispose ourselves, an explicit object size (without it the
/// SDK silently uploads an empty object), no SDK retries (they corrupt multipart URLs), errors classified from
/// the wire rather than from the SDK's exceptions, and abandoned multipart uploads aborted.
/// </summary>
internal sealed class MinioObjectStore : IObjectStore, IBucketDocuments, IDisposable
{
    private readonly IMinioClient _client;
    private readonly S3ObjectRequests _requests;
    private readonly string _bucket;
    private readonly CertificateWitness _certificates = new();

    public MinioObjectStore(StorageOptions options, TimeProvider? time = null)
    {
        var endpoint = new Uri(options.Endpoint);
        _bucket = options.Bucket;
        Location = $"{endpoint.GetLeftPart(UriPartial.Authority)}/{_bucket}";

        var http = new HttpClient(new S3WireHandler { InnerHandler = StorageTrust.Handler(options, _certificates, TimeSpan.FromMinutes(5)) });
        var secret = ReadSecret(options);
        PartLayout = PartLayout.SinglePutUpTo(options.SinglePutMaxMegabytes * 1024L * 1024);
        _requests = new S3ObjectRequests(http, endpoint, _bucket, new SigV4Signer(options.AccessKey, secret, options.Region),
            TimeSpan.FromSeconds(options.RequestTimeoutSeconds), time ?? TimeProvider.System);

        _client = new MinioClient()
            .WithEndpoint(endpoint.Host, endpoint.Port)
            .WithSSL(endpoint.Scheme == Uri.UriSchemeHttps)
            .WithRegion(options.Region)
            .WithCredentials(options.AccessKey, secret)
            .WithHttpClient(http, disposeHttpClient: true)
            // Build() sets HttpClient.Timeout to 30 min; the SDK's own per-request timeout is what bounds a call.
            .WithTimeout(options.RequestTimeoutSeconds * 1000)
            .Build();
    }

    public string Location { get; }

    public PartLayout PartLayout { get; }

    public TlsHandshake? LastHandshake => _certificates.LastHandshake;

    public Task CheckAccessAsync(CancellationToken cancellationToken) => Call("check bucket", async capture =>
    {
        if (!await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), cancellationToken))
            throw new StorageException(StorageFailure.BucketMissing, $"bucket '{_bucket}' does not exist at {Location}");
        return true;
    }, cancellationToken);

    public Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken) =>
        Call($"stat {key}", _ => _requests.HeadAsync(key, cancellationToken), cancellationToken);

    public Task<bool> PutAsync(string key, ObjectContent content, string contentType, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken) => Call($"put {key}", async capture =>
    {
        await using var stream = content.Open();
        if (!PartLayout.IsMultipart(content.Size))
            return await _requests.PutAsync(key, stream, content.Size, content.Md5, contentType, metadata, cancellationToken, OnlyIfAbsent);
        try
        {
            await _client.PutObjectAsync(new PutObjectArgs()
                .WithBucket(_bucket)
                .WithObject(key)
                .WithStreamData(stream)
                .WithObjectSize(content.Size)
                .WithContentType(contentType)
                .WithHeaders(metadata.ToDictionary(kv => kv.Key, kv => kv.Value)), cancellationToken);
        }
        catch
        {
            // The SDK leaves a failed multipart upload open, holding its parts on the server.
            await AbortIncompleteAsync(key);
            throw;
        }
        return true;
    }, cancellationToken);

    /// <summary>S3's create-only condition: the server refuses (412) a PUT to a key that holds an object.</summary>
    private static readonly (string, string) OnlyIfAbsent = ("If-None-Match", "*");

    public Task PutDocumentAsync(string key, byte[] body, string contentType, CancellationToken cancellationToken) =>
        Call($"put {key}", _ => PutSmallAsync(key, body, contentType, null, cancellationToken), cancellationToken);

    // The ETag goes bare, not quoted as RFC 7232 writes it: radosgw (16) compares the header with its stored ETag byte
    // for byte, and a quoted one never matched (SinglePutTests); MinIO strips the quotes, so takes either form.
    public Task<bool> ReplaceDocumentAsync(string key, byte[] body, string contentType, string? readETag, CancellationToken cancellationToken) =>
        Call($"put {key}", _ => PutSmallAsync(key, body, contentType, readETag is null ? OnlyIfAbsent : ("If-Match", readETag), cancellationToken),
            cancellationToken);

    private async Task<bool> PutSmallAsync(string key, byte[] body, string contentType, (string, string)? condition, CancellationToken cancellationToken)
    {
        await using var stream = new MemoryStream(body, writable: false);
#pragma warning disable CA5351 // S3's Content-MD5 is MD5 by protocol: it guards the transfer.
        return await _requests.PutAsync(key, stream, body.Length, MD5.HashData(body), contentType, new Dictionary<string, string>(), cancellationToken, condition);
#pragma warning restore CA5351
    }

    public Task<SmallObject?> GetDocumentAsync(string key, int maxBytes, CancellationToken cancellationToken) =>
        Call($"get {key}", _ => _requests.GetSmallAsync(key, maxBytes, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ListedObject>> ListAsync(string prefix, int maxKeys, CancellationToken cancellationToken) =>
        Call($"list {prefix}", _ => _requests.ListAsync(prefix, maxKeys, cancellationToken), cancellationToken);

    public Task<byte[]> ReadSha256Async(string key, CancellationToken cancellationToken) => Call($"read {key}", async capture =>
    {
        byte[]? hash = null;
        await _client.GetObjectAsync(new GetObjectArgs().WithBucket(_bucket).WithObject(key)
            .WithCallbackStream(async (stream, ct) => hash = await SHA256.HashDataAsync(stream, ct)), cancellationToken);
        return hash ?? throw new StorageException(StorageFailure.Transient, $"read {key}: no body received");
    }, cancellationToken);

    public Task<int> AbortAbandonedUploadsAsync(string prefix, DateTime initiatedBefore, CancellationToken cancellationToken) =>
        Call($"abort abandoned uploads under {prefix}", async capture =>
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var listing = new ListIncompleteUploadsArgs().WithBucket(_bucket).WithPrefix(prefix).WithRecursive(true);
            await foreach (var upload in _client.ListIncompleteUploadsEnumAsync(listing, cancellationToken))
                if (DateTime.TryParse(upload.Initiated, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var started)
                    && started < initiatedBefore)
                    keys.Add(upload.Key);
            foreach (var key in keys)
                await _client.RemoveIncompleteUploadAsync(new RemoveIncompleteUploadArgs().WithBucket(_bucket).WithObject(key), cancellationToken);
            return keys.Count;
        }, cancellationToken);

    public void Dispose() => (_client as IDisposable)?.Dispose();

    private async Task AbortIncompleteAsync(string key)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.RemoveIncompleteUploadAsync(new RemoveIncompleteUploadArgs().WithBucket(_bucket).WithObject(key), timeout.Token);
        }
        catch (Exception)
        {
            // Best effort: the server may be the reason the upload failed. An orphan only costs space.
        }
    }

    /// <summary>Runs one SDK call with an error capture, and classifies whatever it throws.</summary>
    private async Task<T> Call<T>(string operation, Func<S3ErrorCapture, Task<T>> action, CancellationToken cancellationToken)
    {
        var capture = S3ErrorCapture.Begin();
        var began = Stopwatch.GetTimestamp();
        try
        {
            return await action(capture);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw StorageErrors.Classify(e, capture, operation, _certificates.Since(began));
        }
    }

    private static string ReadSecret(StorageOptions options) =>
        options.SecretKey is { Length: > 0 } secret ? secret : File.ReadAllText(options.SecretKeyFile!).Trim();
}
