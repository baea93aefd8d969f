using System.Text.Json;
using System.Text.Json.Nodes;
using AilasKiosk.Configuration;
using AilasKiosk.Inspect;
using AilasKiosk.Keys;

namespace AilasKiosk.Identify;

/// <summary>
/// The registry file (Registry:File, default /etc/ailas-kiosk/cameras.json): {"Cameras": {serial: label}}.
/// Maintainers add cameras with `ailas-kiosk cameras add`; the file is part of the configuration, so
/// AILAS_Cameras__SERIAL variables and kiosk.json entries still work and win over it.
/// </summary>
internal sealed class CameraRegistryFile(string path)
{
    public string Path { get; } = path;

    public IReadOnlyDictionary<string, string> Read()
    {
        if (!File.Exists(Path)) return new Dictionary<string, string>();
        var root = JsonNode.Parse(File.ReadAllText(Path)) as JsonObject
                   ?? throw new ConfigurationException(Path, "is not a JSON object");
        return (root["Cameras"] as JsonObject ?? [])
            .ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "", StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Adds or changes one entry; the file is replaced atomically (written beside, then renamed).</summary>
    public void Set(string serial, string label)
    {
        if (!CameraSerial.IsPlausible(serial))
            throw new ConfigurationException($"Cameras:{serial}", "a serial is 6 to 32 upper-case letters and digits, e.g. C3471325208909");
        if (!ObjectKeyTemplate.IsSafeSegment(label))
            throw new ConfigurationException($"Cameras:{serial}", $"label '{label}' may hold only letters, digits, '-', '_' and '.'");

        var root = File.Exists(Path) ? JsonNode.Parse(File.ReadAllText(Path)) as JsonObject ?? [] : [];
        if (root["Cameras"] is not JsonObject cameras)
            root["Cameras"] = cameras = [];
        cameras[serial] = label;

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".new";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temporary, Path, overwrite: true);
    }
}
