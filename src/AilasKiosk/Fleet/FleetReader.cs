using AilasKiosk.Storage;

namespace AilasKiosk.Fleet;

/// <summary>One status object found in the bucket: parsed, or why not (<see cref="Error"/>).</summary>
/// <param name="KioskId">The id its key names (<c>_kiosks/&lt;id&gt;/status.json</c>), as stored: may hold anything.</param>
/// <param name="StoredAt">The server's Last-Modified, from the listing.</param>
internal sealed record FoundStatus(string Key, string KioskId, DateTimeOffset? StoredAt, StatusObject? Status, string? Error);

/// <summary>
/// Finds and reads every kiosk's status object under the prefix. Whatever a key holds — not JSON, megabytes,
/// another kiosk's id, control characters — becomes a <see cref="FoundStatus"/> with an error, never an exception;
/// only the listing itself failing (storage down, refused) throws <see cref="StorageException"/>.
/// </summary>
internal sealed class FleetReader(IBucketDocuments bucket, string prefix)
{
    /// <summary>More status objects than any fleet has: the listing stops there.</summary>
    public const int MaxKiosks = 1000;

    public async Task<IReadOnlyList<FoundStatus>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var listed = await bucket.ListAsync(prefix, MaxKiosks * 4, cancellationToken);
        var found = new List<FoundStatus>();
        foreach (var item in listed)
        {
            var rest = item.Key[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || rest[(slash + 1)..] != "status.json")
                continue; // other objects a kiosk may one day keep beside its status
            if (found.Count == MaxKiosks)
                break;
            found.Add(await ReadOneAsync(item, rest[..slash], cancellationToken));
        }
        return found;
    }

    private async Task<FoundStatus> ReadOneAsync(ListedObject item, string id, CancellationToken cancellationToken)
    {
        if (item.Size > StatusObject.MaxBytes)
            return new(item.Key, id, item.LastModified, null, $"too large ({item.Size} bytes; a status takes a few KiB): not read");
        SmallObject? read;
        try
        {
            read = await bucket.GetDocumentAsync(item.Key, StatusObject.MaxBytes, cancellationToken);
        }
        catch (StorageException e)
        {
            return new(item.Key, id, item.LastModified, null, $"cannot be read: {e.Message}");
        }
        if (read is null)
            return new(item.Key, id, item.LastModified, null, "gone between the listing and the read");
        if (read.TooLarge)
            return new(item.Key, id, item.LastModified, null, $"too large ({read.Size} bytes; a status takes a few KiB): not read");
        var status = StatusObject.Parse(read.Body, out var error);
        if (status is not null && status.Kiosk.KioskId != id)
            return new(item.Key, id, item.LastModified, null, $"names another kiosk ('{status.Kiosk.KioskId}') than its key");
        return new(item.Key, id, item.LastModified, status, error);
    }
}
