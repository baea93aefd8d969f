using System.Collections.Concurrent;
using AilasKiosk.Storage;

namespace AilasKiosk.Tests.Fleet;

/// <summary>The bucket's documents in memory, with every PUT recorded; a failure or a hang can be switched on.</summary>
internal sealed class MemoryBucket : IBucketDocuments
{
    private readonly ConcurrentDictionary<string, (byte[] Body, DateTimeOffset At)> _objects = new(StringComparer.Ordinal);

    public string Location => "memory://bucket";

    /// <summary>Every PUT's key, in order, including those that failed.</summary>
    public ConcurrentQueue<string> Puts { get; } = new();

    public StorageException? Failure { get; set; }

    public bool Hang { get; set; }

    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    public void Store(string key, byte[] body) => _objects[key] = (body, Clock());

    public byte[]? Get(string key) => _objects.TryGetValue(key, out var o) ? o.Body : null;

    public async Task PutDocumentAsync(string key, byte[] body, string contentType, CancellationToken cancellationToken)
    {
        Puts.Enqueue(key);
        if (Hang)
            await Task.Delay(Timeout.Infinite, cancellationToken);
        if (Failure is { } failure)
            throw failure;
        Store(key, body);
    }

    /// <summary>Runs before each conditional write is judged: another writer coming in between the read and the write.</summary>
    public Action<string>? BeforeReplace { get; set; }

    /// <summary>As S3 judges If-Match and If-None-Match: *, the ETag being the body's MD5.</summary>
    public async Task<bool> ReplaceDocumentAsync(string key, byte[] body, string contentType, string? readETag, CancellationToken cancellationToken)
    {
        BeforeReplace?.Invoke(key);
        var holds = readETag is null ? Get(key) is null : Get(key) is { } now && ETagOf(now) == readETag;
        if (!holds)
        {
            Puts.Enqueue(key);
            return false;
        }
        await PutDocumentAsync(key, body, contentType, cancellationToken);
        return true;
    }

    private static string ETagOf(byte[] body) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body));

    public async Task<SmallObject?> GetDocumentAsync(string key, int maxBytes, CancellationToken cancellationToken)
    {
        if (Hang)
            await Task.Delay(Timeout.Infinite, cancellationToken);
        if (Failure is { } failure)
            throw failure;
        return !_objects.TryGetValue(key, out var o) ? null
            : o.Body.Length > maxBytes ? new SmallObject(key, [], o.Body.Length, true, ETagOf(o.Body))
            : new SmallObject(key, o.Body, o.Body.Length, false, ETagOf(o.Body));
    }

    public Task<IReadOnlyList<ListedObject>> ListAsync(string prefix, int maxKeys, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
            throw failure;
        return Task.FromResult<IReadOnlyList<ListedObject>>([.. _objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(o => o.Key, StringComparer.Ordinal).Take(maxKeys).Select(o => new ListedObject(o.Key, o.Value.Body.Length, o.Value.At))]);
    }
}
