using System.Text.Json;
using AilasKiosk.Configuration;
using AilasKiosk.Identify;
using AilasKiosk.Inspect;
using AilasKiosk.Storage;

namespace AilasKiosk.Cli;

/// <summary>
/// `ailas-kiosk cameras list --shared [--json]` and `cameras add SERIAL LABEL --shared [--force]`: the shared camera
/// registry in the bucket (Registry:SharedKey), which every kiosk reads. Uses the configured storage; a maintainer
/// whose key may write the registry (image-build/minio-maintainer-policy.json) gives it in the environment:
/// AILAS_Storage__AccessKey=… AILAS_Storage__SecretKey=… ailas-kiosk cameras add … --shared.
/// </summary>
internal static class SharedCamerasCommand
{
    public static async Task<int> ListAsync(string? configFile, bool json, CancellationToken cancellationToken)
    {
        var options = Load(configFile);
        using var store = new MinioObjectStore(options.Storage);
        return await ListAsync(store, options.Registry, json, Console.Out, Console.Error, cancellationToken);
    }

    public static async Task<int> ListAsync(IBucketDocuments bucket, RegistryOptions registry, bool json, TextWriter output, TextWriter errors,
        CancellationToken cancellationToken)
    {
        var (cameras, _, exitCode) = await ReadAsync(bucket, registry.SharedKey, errors, cancellationToken);
        if (cameras is null)
            return exitCode;
        var rows = cameras.OrderBy(kv => kv.Value, StringComparer.Ordinal).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new CamerasCommand.CameraEntry(kv.Key, kv.Value, $"{bucket.Location}/{registry.SharedKey}")).ToList();
        if (json)
            await output.WriteLineAsync(JsonSerializer.Serialize(rows));
        else if (rows.Count == 0)
            await output.WriteLineAsync($"The shared registry {bucket.Location}/{registry.SharedKey} holds no camera. Add one with: ailas-kiosk cameras add SERIAL LABEL --shared");
        foreach (var row in json ? [] : rows)
            await output.WriteLineAsync($"{row.Label,-16} {row.Serial,-20} {row.Source}");
        return ExitCodes.Ok;
    }

    public static async Task<int> AddAsync(string? configFile, string serial, string label, bool force, CancellationToken cancellationToken)
    {
        var options = Load(configFile);
        using var store = new MinioObjectStore(options.Storage);
        return await AddAsync(store, options.Registry, serial, label, force, Console.Out, Console.Error, cancellationToken);
    }

    /// <summary>How often a change is redone when other maintainers keep writing the registry in between.</summary>
    internal const int MaxAttempts = 5;

    /// <summary>
    /// Read, change one entry, write back only if the registry is still as read (one conditional PUT with Content-MD5):
    /// two maintainers adding cameras at the same moment both get theirs, the second one's change redone on the
    /// registry with the first one's.
    /// </summary>
    public static async Task<int> AddAsync(IBucketDocuments bucket, RegistryOptions registry, string serial, string label, bool force,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        serial = serial.Trim().ToUpperInvariant();
        if (!CameraSerial.IsPlausible(serial))
        {
            await errors.WriteLineAsync($"ailas-kiosk: '{serial}' is not a camera serial (6 to 32 upper-case letters and digits, e.g. C3471325208909)");
            return ExitCodes.Usage;
        }
        if (!SharedCameraList.IsLabel(label))
        {
            await errors.WriteLineAsync($"ailas-kiosk: label '{label}' may hold only letters, digits, '-', '_' and '.', beginning with a letter or digit");
            return ExitCodes.Usage;
        }
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await AddOnceAsync(bucket, registry, serial, label, force, output, errors, cancellationToken) is { } exitCode)
                return exitCode;
            if (attempt < MaxAttempts)
                await errors.WriteLineAsync($"ailas-kiosk: {registry.SharedKey} was changed by someone else meanwhile; reading it again to add {serial} to it");
        }
        await errors.WriteLineAsync($"ailas-kiosk: {registry.SharedKey} was changed by someone else {MaxAttempts} times while this change was written; "
                                    + "nothing written by this command. Run it again");
        return ExitCodes.StorageUnreachable;
    }

    /// <summary>One round: read, check, write if still as read. The exit code, or null when another writer came in between.</summary>
    private static async Task<int?> AddOnceAsync(IBucketDocuments bucket, RegistryOptions registry, string serial, string label, bool force,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var (current, read, exitCode) = await ReadAsync(bucket, registry.SharedKey, errors, cancellationToken);
        if (current is null)
            return exitCode;
        if (!force && current.TryGetValue(serial, out var existing) && existing != label)
        {
            await errors.WriteLineAsync($"ailas-kiosk: camera {serial} is already {existing} in the shared registry; use --force to relabel it");
            return ExitCodes.Configuration;
        }
        if (!force && current.FirstOrDefault(kv => kv.Value == label && kv.Key != serial) is { Key: not null } other)
        {
            await errors.WriteLineAsync($"ailas-kiosk: label {label} already belongs to camera {other.Key} in the shared registry; use --force to give it to both");
            return ExitCodes.Configuration;
        }
        var next = new Dictionary<string, string>(current, StringComparer.OrdinalIgnoreCase) { [serial] = label };
        var body = SharedCameraList.Serialize(next);
        try
        {
            if (read is { ETag: null }) // a server (or proxy) that gave no ETag: nothing to hold the write to, the last writer wins
                await bucket.PutDocumentAsync(registry.SharedKey, body, "application/json", cancellationToken);
            else if (!await bucket.ReplaceDocumentAsync(registry.SharedKey, body, "application/json", read?.ETag, cancellationToken))
                return null;
        }
        catch (StorageException e)
        {
            await errors.WriteLineAsync($"ailas-kiosk: cannot write {registry.SharedKey}: {e.Message}"
                                        + (e.Failure == StorageFailure.AccessDenied ? " (the kiosks' key may only read it: use a maintainer's key, see README)" : ""));
            return ExitCodeOf(e);
        }
        await output.WriteLineAsync($"{serial} is now {label} in the shared registry ({bucket.Location}/{registry.SharedKey}, {next.Count} cameras). "
                                    + $"Every kiosk reads it within {registry.SharedRefreshSeconds:0} s; a card of this camera left in a reader is then finished by itself.");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The registry as the bucket holds it (empty when absent) and the object read (null when absent); null cameras,
    /// with the exit code, when it cannot be read or is refused.
    /// </summary>
    private static async Task<(IReadOnlyDictionary<string, string>? Cameras, SmallObject? Read, int ExitCode)> ReadAsync(IBucketDocuments bucket, string key,
        TextWriter errors, CancellationToken cancellationToken)
    {
        SmallObject? read;
        try
        {
            read = await bucket.GetDocumentAsync(key, SharedCameraList.MaxBytes, cancellationToken);
        }
        catch (StorageException e)
        {
            await errors.WriteLineAsync($"ailas-kiosk: cannot read the shared registry {key}: {e.Message}");
            return (null, null, ExitCodeOf(e));
        }
        if (read is null)
            return (new Dictionary<string, string>(), null, ExitCodes.Ok);
        try
        {
            return (SharedCameraList.Parse(read), read, ExitCodes.Ok);
        }
        catch (InvalidDataException e)
        {
            // Never built upon: the kiosks refuse it too, and keep their last good copy.
            await errors.WriteLineAsync($"ailas-kiosk: the shared registry {key} in the bucket is refused: {e.Message}. Kiosks keep their last good copy; "
                                        + "replace the object with a valid one (fix it by hand, or delete it and add the cameras again)");
            return (null, null, ExitCodes.Configuration);
        }
    }

    private static int ExitCodeOf(StorageException e) =>
        e.Failure is StorageFailure.Unreachable or StorageFailure.Transient ? ExitCodes.StorageUnreachable : ExitCodes.StorageRefused;

    private static KioskOptions Load(string? configFile)
    {
        var options = KioskConfiguration.Load(KioskConfiguration.BuildRoot(configFile));
        if (!options.Registry.HasShared)
            throw new ConfigurationException("Registry:SharedKey", "is empty: this kiosk uses no shared registry");
        return options;
    }
}
