using AilasKiosk.Inspect;

namespace AilasKiosk.Identify;

/// <summary>
/// Decides which camera took one image. The image's own serial (EXIF BodySerialNumber, else GoPro's GPMF
/// CASN) wins over the card's MISC/version.txt, because cards move between cameras; the card's camera is
/// only the fallback for images that carry no serial.
/// </summary>
internal sealed class ImageCameraResolver(IReadOnlyDictionary<string, string> registry)
{
    public ImageCamera Resolve(CameraIdentity? card, ImageFacts image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (serial, model, source) =
            image.BodySerial is { } s && CameraSerial.IsPlausible(s) ? (s, image.Model, "EXIF")
            : image.GoPro is { } gpmf ? (gpmf.Serial, gpmf.Model ?? image.Model, "GPMF")
            : card is not null ? (card.Serial, card.Model, card.Source)
            : (CameraIdentity.UnidentifiedSerial, image.Model, "none");
        var camera = card is not null && card.Serial == serial
            ? card
            : new CameraIdentity(serial, registry.TryGetValue(serial, out var label) ? label : null, model, image.Software, source);
        var disagrees = card is not null && source is "EXIF" or "GPMF" && card.Serial != serial;
        return new ImageCamera(camera, disagrees ? card!.Serial : null);
    }
}

/// <param name="CardSerialDisagreed">The card's version.txt serial, when it names another camera than the image.</param>
internal sealed record ImageCamera(CameraIdentity Camera, string? CardSerialDisagreed);
