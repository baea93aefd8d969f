using AilasKiosk.Card;
using AilasKiosk.Identify;
using AilasKiosk.Keys;

namespace AilasKiosk.Upload;

/// <summary>Renders the object key of a card file and the session's manifest key from the configured templates.</summary>
/// <remarks>An image of an unregistered camera has no label: it goes under the quarantine templates instead.</remarks>
internal sealed class ObjectKeys(
    ObjectKeyTemplate fileTemplate, ObjectKeyTemplate manifestTemplate,
    ObjectKeyTemplate quarantineTemplate, ObjectKeyTemplate quarantineManifestTemplate)
{
    /// <param name="captureLocal">The camera's capture time; the file's modification date when the image has none.</param>
    public string ForFile(CameraIdentity camera, CardFile file, DateTime? captureLocal) =>
        (camera.IsKnown ? fileTemplate : quarantineTemplate).Render(new Dictionary<string, string>
        {
            ["label"] = camera.Label ?? "",
            ["serial"] = camera.Serial,
            ["date"] = (captureLocal ?? file.LastWriteUtc).ToString("yyyy-MM-dd"),
            ["folder"] = file.Folder,
            ["name"] = file.Name,
        });

    public string ForManifest(CameraIdentity camera, string sessionId, DateTime startedUtc) =>
        (camera.IsKnown ? manifestTemplate : quarantineManifestTemplate).Render(new Dictionary<string, string>
        {
            ["label"] = camera.Label ?? "",
            ["serial"] = camera.Serial,
            ["date"] = startedUtc.ToString("yyyy-MM-dd"),
            ["session"] = sessionId,
        });
}
