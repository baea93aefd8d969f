using System.Text.Json;
using AilasKiosk.Card;
using AilasKiosk.Configuration;
using AilasKiosk.Identify;
using AilasKiosk.Inspect;
using Microsoft.Extensions.Configuration;

namespace AilasKiosk.Cli;

/// <summary>
/// `ailas-kiosk identify CARD-ROOT [--json]`: what the kiosk would do with a card — cameras, serials, labels,
/// counts, warnings — reading only image headers and touching nothing. Needs no storage configuration.
/// </summary>
internal static class IdentifyCommand
{
    public static int Run(string? configFile, string cardRoot, bool json, string? volumeLabel)
    {
        var configuration = KioskConfiguration.BuildRoot(configFile);
        var options = new KioskOptions();
        configuration.GetSection("Cameras").Bind(options.Cameras);
        configuration.GetSection("Offload").Bind(options.Offload);
        configuration.GetSection("Checks").Bind(options.Checks);

        configuration.GetSection("Identify").Bind(options.Identify);
        configuration.GetSection("State").Bind(options.State);
        configuration.GetSection("Registry").Bind(options.Registry);
        // The shared registry as the daemon last read it, under this kiosk's own entries (which win, as in the daemon).
        if (options.Registry.HasShared)
            foreach (var (serial, label) in SharedRegistrySync.ReadCopy(options.State.Directory))
                options.Cameras.TryAdd(serial, label);
        var report = Identify(Path.GetFullPath(cardRoot), options, volumeLabel);
        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(report));
        else
            Print(report);
        return report.Error is not null ? ExitCodes.CardUnreadable
            : report.Cameras.Any(c => c.Label is null) ? ExitCodes.UnknownCamera
            : ExitCodes.Ok;
    }

    public static CardIdentification Identify(string cardRoot, KioskOptions options, string? volumeLabel = null)
    {
        var warnings = new List<string>();
        CardScan scan;
        try
        {
            if (!Directory.Exists(cardRoot)) return new CardIdentification(cardRoot, null, [], 0, [], "card directory not found");
            scan = new CardScanner(options.Offload.EffectiveExtensions, options.Offload.MaxFiles).Scan(cardRoot);
        }
        catch (Exception e) when (e is CardReadException or IOException or UnauthorizedAccessException)
        {
            return new CardIdentification(cardRoot, null, [], 0, [], $"card cannot be read: {e.Message}");
        }
        warnings.AddRange(scan.Left.Select(l => $"not taken, left on the card: {l}"));

        // Each header is read once: the card's camera (from the first images) and the per-image lines share the facts.
        var facts = scan.Files.ToDictionary(f => f.RelativePath, f => ImageInspector.Inspect(f.FullPath), StringComparer.Ordinal);
        var card = new CameraIdentifier(options.Cameras, options.Identify.VolumeLabelRegex)
            .Identify(cardRoot, scan.Files, volumeLabel, f => facts[f.RelativePath]);
        var resolver = new ImageCameraResolver(options.Cameras);
        var groups = new Dictionary<string, CameraCount>(StringComparer.Ordinal);
        var disagreements = 0;
        var checks = new SessionChecks(TimeSpan.FromSeconds(options.Checks.ClockSkewThresholdSeconds));
        foreach (var file in scan.Files)
        {
            var image = facts[file.RelativePath];
            checks.Add(file.RelativePath, image);
            var (camera, disagreed) = resolver.Resolve(card, image);
            if (disagreed is not null) disagreements++;
            groups[camera.Serial] = groups.TryGetValue(camera.Serial, out var c)
                ? c with { Images = c.Images + 1, Bytes = c.Bytes + file.Size }
                : new CameraCount(camera.Serial, camera.Label, camera.Model, camera.Source, 1, file.Size);
        }
        if (disagreements > 0)
            warnings.Add($"{disagreements} images were taken by another camera than the one MISC/version.txt names ({card?.Serial}); each is filed under its own camera");
        foreach (var unknown in groups.Values.Where(g => g.Label is null))
            warnings.Add(unknown.Serial == CameraIdentity.UnidentifiedSerial
                ? $"{unknown.Images} images carry no camera serial: they would be secured under quarantine and kept on the card"
                : $"camera {unknown.Serial} ({unknown.Model}) is not registered: its {unknown.Images} images would be secured under quarantine and kept on the card (ailas-kiosk cameras add {unknown.Serial} LABEL)");
        var summary = checks.Summarize();
        warnings.AddRange(summary.Warnings);
        var cameras = groups.Values.OrderByDescending(g => g.Images).ToList();
        return new CardIdentification(cardRoot, card is null ? null : new CameraCount(card.Serial, card.Label, card.Model, card.Source, 0, 0),
            cameras, scan.Files.Count, warnings, null)
        {
            Spherical360 = summary.Spherical,
            FirstCapture = summary.FirstCapture,
            LastCapture = summary.LastCapture,
        };
    }

    private static void Print(CardIdentification r)
    {
        if (r.Error is not null)
        {
            Console.Out.WriteLine($"{r.CardRoot}: {r.Error}");
            return;
        }
        Console.Out.WriteLine($"{r.CardRoot}: {r.Images} images ({r.Spherical360} in 360), captured {r.FirstCapture:yyyy-MM-dd HH:mm} to {r.LastCapture:yyyy-MM-dd HH:mm}");
        Console.Out.WriteLine(r.CardCamera is { } c
            ? $"  card of camera {c.Serial} ({c.Model ?? "model unknown"}), {c.Label ?? "not registered"}, per {c.Source}"
            : "  the card names no camera (no readable MISC/version.txt)");
        foreach (var camera in r.Cameras)
            Console.Out.WriteLine($"  {camera.Label ?? "(not registered)",-18} {camera.Serial,-16} {camera.Model,-14} {camera.Images,6} images {camera.Bytes / 1e6,9:0.0} MB  → "
                + (camera.Label is null ? $"_unassigned/{camera.Serial}/, kept on the card" : $"{camera.Label}/, then wiped"));
        foreach (var warning in r.Warnings)
            Console.Out.WriteLine($"  warning: {warning}");
    }

    public sealed record CameraCount(string Serial, string? Label, string? Model, string? Source, int Images, long Bytes);

    public sealed record CardIdentification(string CardRoot, CameraCount? CardCamera, IReadOnlyList<CameraCount> Cameras, int Images,
        IReadOnlyList<string> Warnings, string? Error)
    {
        public int Spherical360 { get; init; }
        public DateTime? FirstCapture { get; init; }
        public DateTime? LastCapture { get; init; }
    }
}
