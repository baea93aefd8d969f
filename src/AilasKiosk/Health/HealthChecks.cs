using AilasKiosk.Configuration;
using AilasKiosk.Status;
using AilasKiosk.Storage;

namespace AilasKiosk.Health;

/// <summary>
/// The kiosk's health: storage (reachable, credentials, bucket), the clock against the storage server's, free
/// space for the journal — judged with the configured limits (Health:MaxClockSkewSeconds, Health:NotBefore,
/// Health:MinFreeMegabytes). The daemon runs them while idle (<see cref="HealthMonitor"/>) and `doctor` runs them
/// once: one implementation, so what `doctor` says is what the daemon will do.
/// </summary>
internal sealed class HealthChecks(KioskOptions options, IObjectStore store, ServerClock serverClock, TimeProvider time)
{
    /// <summary>One round of the checks.</summary>
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var storage = await CheckStorageAsync(cancellationToken);
        var serverDate = await serverClock.ReadAsync(cancellationToken);
        var clock = ClockCheck.Evaluate(time.GetUtcNow(), serverDate, options.Health);
        var disk = DiskCheck.Evaluate(options.State.Directory, options.Health.MinFreeMegabytes * 1_000_000L);
        return new HealthReport(storage, clock, disk, time.GetUtcNow());
    }

    private async Task<HealthCheck> CheckStorageAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Storage.ConnectTimeoutSeconds * 2 + 5));
        try
        {
            await store.CheckAccessAsync(timeout.Token);
            return new(CheckState.Ok, $"{store.Location} reachable, bucket readable{(store.LastHandshake is { } tls ? $" ({tls})" : "")}");
        }
        catch (StorageException e)
        {
            return new(CheckState.Failing, $"{e.Failure}: {e.Message}", StorageProblems.Of(e.Failure));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(CheckState.Failing, $"Unreachable: {store.Location} did not answer in time", ProblemKind.StorageUnreachable);
        }
    }
}
