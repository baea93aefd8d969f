using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace AilasKiosk.Storage;

/// <summary>
/// Decorator: retries whole storage calls on transient failures (unreachable, 5xx, payload rejected), with
/// exponential back-off. A retried upload re-opens its content, so each attempt sends the whole file again.
/// </summary>
internal sealed class RetryingObjectStore(IObjectStore inner, int attempts, TimeSpan delay, ILogger<RetryingObjectStore> log) : IObjectStore
{
    private readonly ResiliencePipeline _pipeline = attempts <= 1
        ? ResiliencePipeline.Empty
        : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<StorageException>(e => e.IsTransient),
            MaxRetryAttempts = attempts - 1,
            Delay = delay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            OnRetry = args =>
            {
                log.LogWarning("Storage call failed ({Error}); attempt {Attempt} of {Attempts} in {Delay:0.0} s",
                    args.Outcome.Exception?.Message, args.AttemptNumber + 2, attempts, args.RetryDelay.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        }).Build();

    public string Location => inner.Location;
    public PartLayout PartLayout => inner.PartLayout;

    public TlsHandshake? LastHandshake => inner.LastHandshake;

    public Task CheckAccessAsync(CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async ct => { await inner.CheckAccessAsync(ct); }, cancellationToken).AsTask();

    public Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async ct => await inner.StatAsync(key, ct), cancellationToken).AsTask();

    public Task<bool> PutAsync(string key, ObjectContent content, string contentType, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async ct => await inner.PutAsync(key, content, contentType, metadata, ct), cancellationToken).AsTask();

    public Task<int> AbortAbandonedUploadsAsync(string prefix, DateTime initiatedBefore, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async ct => await inner.AbortAbandonedUploadsAsync(prefix, initiatedBefore, ct), cancellationToken).AsTask();

    public Task<byte[]> ReadSha256Async(string key, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async ct => await inner.ReadSha256Async(key, ct), cancellationToken).AsTask();
}
