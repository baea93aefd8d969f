using AilasKiosk.Configuration;
using AilasKiosk.Storage;

namespace AilasKiosk.Health;

/// <summary>
/// Reads the storage server's clock from the Date header of an anonymous request: every S3 answer carries one,
/// even a refusal, so it needs no credentials and works whatever the clock skew. Over https it trusts what the
/// object store trusts (<see cref="StorageTrust"/>): with a private CA it once could not connect, and the clock
/// went unchecked without a word.
/// </summary>
internal sealed class ServerClock(StorageOptions storage) : IDisposable
{
    private readonly HttpClient _http = new(StorageTrust.Handler(storage))
    {
        Timeout = TimeSpan.FromSeconds(Math.Max(5, storage.ConnectTimeoutSeconds)),
    };

    /// <summary>The server's time, or null when it does not answer.</summary>
    public async Task<DateTimeOffset?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, storage.Endpoint.TrimEnd('/') + "/");
            using var response = await _http.SendAsync(request, cancellationToken);
            return response.Headers.Date;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
