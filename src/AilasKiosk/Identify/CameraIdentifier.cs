using System.Text.RegularExpressions;
using AilasKiosk.Card;
using AilasKiosk.Inspect;

namespace AilasKiosk.Identify;

/// <summary>
/// Works out which camera a card belongs to: MISC/version.txt first, else the EXIF body serial of the first
/// images, else the volume label — only when it matches the configured pattern and names a registered label,
/// since cameras reset labels. Each image's own serial still wins (<see cref="ImageCameraResolver"/>).
/// </summary>
internal sealed class CameraIdentifier(IReadOnlyDictionary<string, string> registry, Regex? volumeLabelPattern = null)
{
    /// <param name="facts">
    /// The facts of an image, when the caller has them already (each header is read once); by default the file is inspected.
    /// </param>
    public CameraIdentity? Identify(string cardRoot, IReadOnlyList<CardFile> images, string? volumeLabel = null,
        Func<CardFile, ImageFacts?>? facts = null)
    {
        var misc = CardScanner.FindChild(cardRoot, "MISC");
        var versionFile = misc is null ? null : Path.Combine(misc, "version.txt");
        var version = versionFile is not null && File.Exists(versionFile) ? VersionTxt.ReadFile(versionFile) : null;
        if (version is not null)
            return new CameraIdentity(version.Serial, Lookup(version.Serial), version.CameraType, version.Firmware, "MISC/version.txt");

        foreach (var image in images.Take(3))
        {
            var info = (facts ?? InspectFile)(image);
            if (info?.BodySerial is { } serial && CameraSerial.IsPlausible(serial))
                return new CameraIdentity(serial, Lookup(serial), info.Model, info.Software, $"EXIF of {image.RelativePath}");
        }
        return FromVolumeLabel(volumeLabel);
    }

    // An image that cannot be read here is no evidence; its own offload reports the read error.
    private static ImageFacts? InspectFile(CardFile image)
    {
        try
        {
            return ImageInspector.Inspect(image.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private CameraIdentity? FromVolumeLabel(string? volumeLabel)
    {
        if (volumeLabel is null || volumeLabelPattern is null || !volumeLabelPattern.IsMatch(volumeLabel)) return null;
        var serials = registry.Where(kv => kv.Value.Equals(volumeLabel, StringComparison.OrdinalIgnoreCase)).Select(kv => kv.Key).ToList();
        return serials.Count == 1
            ? new CameraIdentity(serials[0].ToUpperInvariant(), registry[serials[0]], null, null, $"volume label {volumeLabel}")
            : null; // no registered camera has this label, or several do: not evidence enough
    }

    private string? Lookup(string serial) => registry.TryGetValue(serial, out var label) ? label : null;
}
