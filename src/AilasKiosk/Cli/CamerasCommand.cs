using System.Text.Json;
using AilasKiosk.Configuration;
using AilasKiosk.Identify;
using Microsoft.Extensions.Configuration;

namespace AilasKiosk.Cli;

/// <summary>
/// `ailas-kiosk cameras list [--json]` and `cameras add SERIAL LABEL [--force]`: the maintainer's view of the
/// registry. Works without a storage configuration (cameras can be registered before the kiosk is wired).
/// </summary>
internal static class CamerasCommand
{
    public static int List(string? configFile, bool json)
    {
        var configuration = Build(configFile);
        var cameras = new KioskOptions();
        configuration.GetSection("Cameras").Bind(cameras.Cameras);
        var registry = KioskConfiguration.RegistryFile(configuration);
        var fromFile = new CameraRegistryFile(registry).Read();
        var rows = cameras.Cameras.OrderBy(kv => kv.Value, StringComparer.Ordinal).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new CameraEntry(kv.Key.ToUpperInvariant(), kv.Value,
                fromFile.TryGetValue(kv.Key, out var l) && l == kv.Value ? registry : "configuration"))
            .ToList();
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(rows));
            return ExitCodes.Ok;
        }
        if (rows.Count == 0)
            Console.Out.WriteLine($"No camera registered. Add one with: ailas-kiosk cameras add SERIAL LABEL  (writes {registry})");
        foreach (var row in rows)
            Console.Out.WriteLine($"{row.Label,-16} {row.Serial,-20} {row.Source}");
        return ExitCodes.Ok;
    }

    public static int Add(string? configFile, string serial, string label, bool force)
    {
        var configuration = Build(configFile);
        var file = new CameraRegistryFile(KioskConfiguration.RegistryFile(configuration));
        serial = serial.Trim().ToUpperInvariant();
        var existing = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        configuration.GetSection("Cameras").Bind(existing);
        if (!force && existing.TryGetValue(serial, out var current) && current != label)
        {
            Console.Error.WriteLine($"ailas-kiosk: camera {serial} is already {current}; use --force to relabel it");
            return ExitCodes.Configuration;
        }
        if (!force && existing.FirstOrDefault(kv => kv.Value == label && !kv.Key.Equals(serial, StringComparison.OrdinalIgnoreCase)) is { Key: not null } other)
        {
            Console.Error.WriteLine($"ailas-kiosk: label {label} already belongs to camera {other.Key.ToUpperInvariant()}; use --force to give it to both");
            return ExitCodes.Configuration;
        }
        file.Set(serial, label);
        Console.Out.WriteLine($"{serial} is now {label} (in {file.Path}). A card of this camera is filed under {label}/.");
        return ExitCodes.Ok;
    }

    private static IConfigurationRoot Build(string? configFile) => KioskConfiguration.BuildRoot(configFile);

    public sealed record CameraEntry(string Serial, string Label, string Source);
}
