using AilasKiosk.CardFactory;
using AilasKiosk.Identify;
using AilasKiosk.Inspect;

namespace AilasKiosk.Tests.Identify;

/// <summary>Which camera took an image: its EXIF serial, else its GPMF serial, else the card's version.txt.</summary>
public class ImageCameraResolverTests
{
    private static readonly Dictionary<string, string> Registry = new() { ["C3471325208909"] = "AILAS-07", ["C3221324657219"] = "AILAS-06" };
    private static readonly CameraIdentity Card = new("C3221324657219", "AILAS-06", "HERO6 Black", null, "MISC/version.txt");

    private static byte[] Photo(string serial) => GoProJpeg.Build(CameraProfile.Hero10(serial),
        new PhotoSpec("100GOPRO", "G0010001.JPG", 200_000, new DateTime(2024, 6, 12, 9, 0, 0), null, Seed: 1));

    private static ImageCamera Resolve(byte[] jpeg, CameraIdentity? card)
    {
        return new ImageCameraResolver(Registry).Resolve(card, ImageInspector.Inspect(new MemoryStream(jpeg), jpeg.Length));
    }

    [Fact]
    public void The_EXIF_serial_wins_over_the_card_and_the_disagreement_is_reported()
    {
        var (camera, disagreed) = Resolve(Photo("C3471325208909"), Card);
        Assert.Equal(("C3471325208909", "AILAS-07", "EXIF"), (camera.Serial, camera.Label, camera.Source));
        Assert.Equal("C3221324657219", disagreed);
    }

    [Fact]
    public void Without_an_EXIF_serial_the_GPMF_serial_is_used()
    {
        var jpeg = Photo("C3471325208909");
        HideExifBodySerial(jpeg);
        Assert.Null(ImageInspector.Inspect(new MemoryStream(jpeg), jpeg.Length).BodySerial);

        var (camera, _) = Resolve(jpeg, card: null);

        Assert.Equal(("C3471325208909", "AILAS-07", "GPMF"), (camera.Serial, camera.Label, camera.Source));
    }

    [Fact]
    public void An_image_without_any_serial_belongs_to_the_cards_camera_or_is_unidentified()
    {
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 };
        var (fromCard, disagreed) = Resolve(jpeg, Card);
        Assert.Equal((Card, (string?)null), (fromCard, disagreed));
        var (camera, _) = Resolve(jpeg, card: null);
        Assert.Equal((CameraIdentity.UnidentifiedSerial, null), (camera.Serial, camera.Label));
    }

    [Fact]
    public void The_real_HERO6_sample_is_identified_by_its_EXIF_serial() =>
        Assert.Equal("C3221324657219", Resolve(File.ReadAllBytes(Infrastructure.Repo.TestData("gopro", "GoPro.jpg")), null).Camera.Serial);

    /// <summary>Renames EXIF tag 0xA431 (BodySerialNumber) to 0xA430, as firmware that does not write it.</summary>
    private static void HideExifBodySerial(byte[] jpeg)
    {
        for (var i = 0; i + 3 < jpeg.Length; i++)
            if (jpeg[i] == 0xA4 && jpeg[i + 1] == 0x31 && jpeg[i + 2] == 0x00 && jpeg[i + 3] == 0x02)
            {
                jpeg[i + 1] = 0x30;
                return;
            }
        throw new InvalidOperationException("no BodySerialNumber tag found");
    }
}
