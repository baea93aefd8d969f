using System.Collections;
using System.Collections.Frozen;
using AilasKiosk.Configuration;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Identify;

/// <summary>
/// The cameras the kiosk knows, serial → label, as of the last card. Two layers: this kiosk's configuration (kiosk.json,
/// AILAS_Cameras__*, the registry file) and the shared registry in the bucket (<see cref="SharedRegistrySync"/>). The
/// kiosk's own entry wins on a conflict, logged: a maintainer who set a label on this kiosk meant it. A maintainer
/// registers a camera with `ailas-kiosk cameras add` while the daemon runs; <see cref="Refresh"/> (called as each
/// card starts) loads the configuration's cameras again when the registry file changed, so that camera's next card
/// is filed under its label without a restart. A registry that no longer loads is logged and the last good one
/// stays in force.
/// </summary>
internal sealed class CameraRegistry : IReadOnlyDictionary<string, string>
{
    private readonly Func<IReadOnlyDictionary<string, string>>? _load;
    private readonly string? _file;
    private readonly ILogger? _log;
    private readonly Lock _refreshing = new();
    private FrozenDictionary<string, string> _local;
    private FrozenDictionary<string, string> _shared = FrozenDictionary<string, string>.Empty;
    private FrozenDictionary<string, string> _current;
    private (DateTime Written, long Length)? _stamp;

    /// <param name="initial">The cameras of the configuration loaded at start.</param>
    /// <param name="file">The registry file (Registry:File) whose changes trigger a reload.</param>
    /// <param name="load">Loads the configuration's cameras again (the same sources, the same precedence).</param>
    public CameraRegistry(IReadOnlyDictionary<string, string> initial, string? file = null,
        Func<IReadOnlyDictionary<string, string>>? load = null, ILogger? log = null)
    {
        _current = _local = Freeze(initial);
        _file = file;
        _load = load;
        _log = log;
        _stamp = Stamp();
    }

    /// <summary>Reads the registry again if its file changed since the last look. Cheap otherwise (one stat).</summary>
    public void Refresh()
    {
        if (_load is null)
            return;
        lock (_refreshing)
        {
            var stamp = Stamp();
            if (stamp == _stamp)
                return;
            _stamp = stamp;
            FrozenDictionary<string, string> next;
            try
            {
                next = Freeze(_load());
            }
            catch (Exception e) when (e is ConfigurationException or IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                _log?.LogError("Camera registry {File} not reloaded, the previous one stays in force: {Error}", _file, e.Message);
                return;
            }
            _local = next;
            Merge();
        }
    }

    /// <summary>The shared registry's cameras, as last read from the bucket (or its copy in the state directory).</summary>
    public void ApplyShared(IReadOnlyDictionary<string, string> shared)
    {
        lock (_refreshing)
        {
            var next = Freeze(shared);
            foreach (var (serial, label) in next.Where(kv => _local.TryGetValue(kv.Key, out var mine) && mine != kv.Value && _shared.GetValueOrDefault(kv.Key) != kv.Value))
                _log?.LogWarning("Camera registry: {Serial} is {SharedLabel} in the shared registry but {Label} on this kiosk; this kiosk's {Label} is used",
                    serial, label, _local[serial], _local[serial]);
            _shared = next;
            Merge();
        }
    }

    /// <summary>The shared layer under the kiosk's own; every change of the outcome logged.</summary>
    private void Merge()
    {
        var next = _shared.Where(kv => !_local.ContainsKey(kv.Key)).Concat(_local).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (var (serial, label) in next.Where(kv => !_current.TryGetValue(kv.Key, out var old) || old != kv.Value))
            _log?.LogInformation("Camera registry: {Serial} is now {Label} ({Source})", serial, label, _local.ContainsKey(serial) ? "this kiosk" : "shared registry");
        foreach (var serial in _current.Keys.Where(s => !next.ContainsKey(s)))
            _log?.LogInformation("Camera registry: {Serial} removed", serial);
        _current = next;
    }

    private (DateTime, long)? Stamp()
    {
        if (_file is null)
            return null;
        var info = new FileInfo(_file);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }

    private static FrozenDictionary<string, string> Freeze(IReadOnlyDictionary<string, string> cameras) =>
        cameras.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public string this[string key] => _current[key];
    public IEnumerable<string> Keys => _current.Keys;
    public IEnumerable<string> Values => _current.Values;
    public int Count => _current.Count;
    public bool ContainsKey(string key) => _current.ContainsKey(key);
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value) => _current.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_current).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
