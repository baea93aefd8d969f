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

    public async Task<SmallObject?> GetDocumentAsync(string key, int maxBytes, CancellationToken cancellationToken)
    {
        if (Hang)
            await Task.Delay(Timeout.Infinite, cancellationToken);
        if (Failure is { } failure)
            throw failure;
        return !_objects.TryGetValue(key, out var o) ? null
            : o.Body.Length > maxBytes ? new SmallObject(key, [], o.Body.Length, true)
            : new SmallObject(key, o.Body, o.Body.Length, false);
    }

    public Task<IReadOnlyList<ListedObject>> ListAsync(string prefix, int maxKeys, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
            throw failure;
        return Task.FromResult<IReadOnlyList<ListedObject>>([.. _objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(o => o.Key, StringComparer.Ordinal).Take(maxKeys).Select(o => new ListedObject(o.Key, o.Value.Body.Length, o.Value.At))]);
    }
}
