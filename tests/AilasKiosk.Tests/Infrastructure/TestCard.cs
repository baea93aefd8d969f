using System.Security.Cryptography;
using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// A realistic GoPro card for a test: a real FAT32 image (mkfs.vfat, mtools; mounted read-write with fusefat)
/// or exFAT image (mkfs.exfat; exfat-fuse), holding the photos and housekeeping files of <see cref="GoProCard"/>.
/// </summary>
public sealed class TestCard : IDisposable
{
    private readonly TempDirectory _dir;

    private TestCard(GoProCard card, TempDirectory dir, ICardImage image, MountedCard mount)
    {
        Card = card;
        _dir = dir;
        Image = image;
        Mount = mount;
    }

    public GoProCard Card { get; }
    public ICardImage Image { get; }
    public MountedCard Mount { get; }
    public string Root => Mount.MountPoint;

    /// <summary>A small but real card: two DCIM folders, photos of 0.3–7 MB (some above 5 MiB, which the Minio SDK alone would send in parts).</summary>
    public static GoProCard Small(string serial, int photos = 8, int seed = 1) =>
        GoProCard.Realistic(CameraProfile.Hero10(serial), photos, seed, minBytes: 300_000, maxBytes: 7_000_000, photosPerFolder: (photos + 1) / 2);

    /// <param name="exFat">exFAT, as cameras format cards of 64 GB and more; FAT32 otherwise.</param>
    public static TestCard Create(GoProCard card, bool exFat = false)
    {
        var dir = new TempDirectory("ailas-card");
        var path = Path.Combine(dir.Path, "card.img");
        var size = Math.Max(64L << 20, card.TotalBytes * 5 / 4 + (48L << 20));
        ICardImage image = exFat ? ExFatCardImage.Create(path, card, size) : FatCardImage.Create(path, card, size);
        var mount = image.MountFuse(Path.Combine(dir.Path, "mnt"));
        return new TestCard(card, dir, image, mount);
    }

    public static byte[] BytesOf(CardPhoto photo) => GoProJpeg.Build(photo.Camera, photo.Spec);

    public static string Sha256Of(CardPhoto photo) => Convert.ToHexStringLower(SHA256.HashData(BytesOf(photo)));

    /// <summary>The key the default template gives: {label}/{capture date}/{folder}/{name}.</summary>
    public static string KeyOf(string label, CardPhoto photo) =>
        $"{label}/{photo.Spec.CaptureTime:yyyy-MM-dd}/{photo.Spec.Folder}/{photo.Spec.FileName}";

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public bool IsOnCard(CardPhoto photo) => File.Exists(PathOf(photo.RelativePath));

    /// <summary>Unmounts (the FUSE daemon flushes and exits) and asserts the file system is clean.</summary>
    public void UnmountAndCheck()
    {
        Mount.Unmount();
        var (exitCode, output) = Image.Fsck();
        Assert.True(exitCode == 0, $"fsck found problems:\n{output}");
    }

    public void Dispose()
    {
        try { Mount.Dispose(); } finally { _dir.Dispose(); }
    }
}
