using AilasKiosk.Configuration;
using AilasKiosk.Identify;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace AilasKiosk.Tests.Identify;

/// <summary>The registry the engine reads, reloaded from its sources when the registry file changes.</summary>
public class CameraRegistryTests
{
    private static CameraRegistry Registry(string file, Dictionary<string, string?> configured) =>
        new(Load(file, configured), file, () => Load(file, configured));

    /// <summary>The real precedence: the registry file, then the configured keys (which win).</summary>
    private static IReadOnlyDictionary<string, string> Load(string file, Dictionary<string, string?> configured) =>
        KioskConfiguration.LoadCameras(new ConfigurationBuilder().AddJsonFile(file, optional: true).AddInMemoryCollection(configured).Build());

    private static void Touch(string file, int second) => File.SetLastWriteTimeUtc(file, new DateTime(2026, 11, 30, 12, 0, second, DateTimeKind.Utc));

    [Fact]
    public void A_camera_added_to_the_file_counts_after_refresh_and_configured_entries_still_win()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "cameras.json");
        new CameraRegistryFile(file).Set("C3471325208909", "AILAS-07");
        Touch(file, 1);
        var registry = Registry(file, new() { ["Cameras:C3471325208909"] = "FROM-KIOSK-JSON" });
        Assert.Equal("FROM-KIOSK-JSON", registry["C3471325208909"]);
        Assert.False(registry.ContainsKey("C3441326599999"));

        new CameraRegistryFile(file).Set("C3441326599999", "AILAS-11");
        new CameraRegistryFile(file).Set("C3471325208909", "AILAS-08");
        Touch(file, 2);
        Assert.False(registry.ContainsKey("C3441326599999")); // not before the next card looks
        registry.Refresh();
        Assert.Equal("AILAS-11", registry["C3441326599999"]);
        Assert.Equal("FROM-KIOSK-JSON", registry["C3471325208909"]);
    }

    [Fact]
    public void An_unchanged_file_is_not_read_again_and_a_broken_one_keeps_the_last_good_registry()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "cameras.json");
        new CameraRegistryFile(file).Set("C3471325208909", "AILAS-07");
        Touch(file, 1);
        var loads = 0;
        var registry = new CameraRegistry(Load(file, []), file, () => { loads++; return Load(file, []); });
        registry.Refresh();
        Assert.Equal(0, loads);

        File.WriteAllText(file, """{"Cameras": {"C3441326599999": "bad label/.."}}""");
        Touch(file, 2);
        registry.Refresh();
        Assert.Equal(1, loads);
        Assert.Equal("AILAS-07", Assert.Single(registry).Value);

        File.WriteAllText(file, "{ not json");
        Touch(file, 3);
        registry.Refresh();
        Assert.Equal("AILAS-07", Assert.Single(registry).Value);
    }
}
