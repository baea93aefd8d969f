using AilasKiosk.Card;
using AilasKiosk.Plan;

namespace AilasKiosk.Identify;

/// <summary>
/// Works out which registered camera a card belongs to: MISC/version.txt first, else the EXIF body serial of
/// the first image. (Issue 3 refines this per image.)
/// </summary>
public sealed class CameraIdentifier(IReadOnlyDictionary<string, string> registry)
{
    public CameraIdentity? Identify(string cardRoot, IReadOnlyList<CardFile> images)
    {
        var misc = CardScanner.FindChild(cardRoot, "MISC");
        var versionFile = misc is null ? null : Path.Combine(misc, "version.txt");
        var version = versionFile is not null && File.Exists(versionFile) ? VersionTxt.ReadFile(versionFile) : null;
        if (version is not null)
            return new CameraIdentity(version.Serial, Lookup(version.Serial), version.CameraType, version.Firmware, "MISC/version.txt");

        foreach (var image in images.Take(3))
        {
            var info = ImageMetadata.ReadFile(image.FullPath);
            if (info.BodySerial is { } serial && CameraIdentity.IsPlausibleSerial(serial))
                return new CameraIdentity(serial, Lookup(serial), info.Model, info.Software, $"EXIF of {image.RelativePath}");
        }
        return null;
    }

    private string? Lookup(string serial) => registry.TryGetValue(serial, out var label) ? label : null;
}
