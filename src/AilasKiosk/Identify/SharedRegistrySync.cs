using AilasKiosk.Configuration;
using AilasKiosk.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Identify;

/// <summary>
/// Keeps the shared camera registry (Registry:SharedKey in the bucket) in the kiosk's <see cref="CameraRegistry"/>:
/// its last good copy from the state directory at start (a kiosk without network still knows its cameras), then the
/// bucket's every Registry:SharedRefreshSeconds. A document refused (not JSON, too large, a bad serial or label) or
/// a storage that fails costs a log line; the last good registry stays in force. A document gone from the bucket
/// too: deleting it is not how cameras are retired (nothing is lost by knowing a camera).
/// </summary>
internal sealed class SharedRegistrySync(KioskOptions options, CameraRegistry registry, IBucketDocuments bucket, TimeProvider time,
    ILogger<SharedRegistrySync> log) : BackgroundService
{
    /// <summary>One read may take this long: a hanging storage must not hold the start of `offload`.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(15);

    private string? _lastProblem;
    private IReadOnlyDictionary<string, string>? _lastGood;

    public string Key => options.Registry.SharedKey;

    public string CopyPath => CopyIn(options.State.Directory);

    /// <summary>Where the last good copy is kept: the state directory, beside the journal.</summary>
    public static string CopyIn(string stateDirectory) => Path.Combine(stateDirectory, "shared-cameras.json");

    /// <summary>The kept copy's cameras, for commands that run without the bucket (`identify`); empty when none or unusable.</summary>
    public static IReadOnlyDictionary<string, string> ReadCopy(string stateDirectory)
    {
        try
        {
            var path = CopyIn(stateDirectory);
            return File.Exists(path) ? SharedCameraList.Parse(File.ReadAllBytes(path)) : new Dictionary<string, string>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new Dictionary<string, string>();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LoadCopy();
        log.LogInformation("Shared camera registry: {Location}/{Key}, read every {Seconds:0} s", bucket.Location, Key, options.Registry.SharedRefreshSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await SyncAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromSeconds(options.Registry.SharedRefreshSeconds), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The copy kept in the state directory, if any and still valid.</summary>
    public void LoadCopy()
    {
        try
        {
            if (!File.Exists(CopyPath))
                return;
            var cameras = SharedCameraList.Parse(File.ReadAllBytes(CopyPath));
            _lastGood = cameras;
            registry.ApplyShared(cameras);
            log.LogInformation("Shared camera registry: {Count} cameras from the copy of {Written:u}", cameras.Count, File.GetLastWriteTimeUtc(CopyPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            log.LogWarning("Shared camera registry: the copy {Path} is not used: {Error}", CopyPath, e.Message);
        }
    }

    /// <summary>One read of the bucket's document; never throws but for a stop.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(ReadTimeout);
        SmallObject? read;
        try
        {
            read = await bucket.GetDocumentAsync(Key, SharedCameraList.MaxBytes, bounded.Token);
        }
        catch (StorageException e)
        {
            Problem(LogLevel.Warning, $"cannot be read ({e.Message})");
            return;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Problem(LogLevel.Warning, $"cannot be read (no answer within {ReadTimeout.TotalSeconds:0} s)");
            return;
        }
        if (read is null)
        {
            Problem(LogLevel.Information, "is not in the bucket (none published yet: ailas-kiosk cameras add SERIAL LABEL --shared)");
            return;
        }
        IReadOnlyDictionary<string, string> cameras;
        try
        {
            cameras = SharedCameraList.Parse(read);
        }
        catch (InvalidDataException e)
        {
            Problem(LogLevel.Error, $"refused: {e.Message}");
            return;
        }
        _lastProblem = null;
        if (_lastGood is not null && SameCameras(_lastGood, cameras))
            return;
        _lastGood = cameras;
        registry.ApplyShared(cameras);
        log.LogInformation("Shared camera registry: {Count} cameras read from {Key}", cameras.Count, Key);
        KeepCopy(read.Body);
    }

    private static bool SameCameras(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var label) && label == kv.Value);

    /// <summary>Written beside, then renamed: a power cut leaves the old copy or the new one, never half of one.</summary>
    private void KeepCopy(byte[] body)
    {
        try
        {
            var temporary = CopyPath + ".new";
            File.WriteAllBytes(temporary, body);
            File.Move(temporary, CopyPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Shared camera registry: no copy kept in {Path}: {Error}", CopyPath, e.Message);
        }
    }

    /// <summary>Logged once per kind of problem, not every interval.</summary>
    private void Problem(LogLevel level, string problem)
    {
        if (problem == _lastProblem)
            return;
        _lastProblem = problem;
        log.Log(level, "Shared camera registry {Key} {Problem}; {InForce}", Key, problem,
            _lastGood is null ? "only this kiosk's cameras are known" : $"the last good one ({_lastGood.Count} cameras) stays in force");
    }
}
