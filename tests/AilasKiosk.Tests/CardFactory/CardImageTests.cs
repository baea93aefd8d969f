using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.CardFactory;

/// <summary>
/// Real card images through real tools: mkfs + mtools / exfat-fuse, mounted with FUSE, written
/// to, unmounted and checked with fsck. Skipped where FUSE or the tools are missing.
/// </summary>
public class CardImageTests
{
    private const long ImageSize = 64L << 20;

    // Photos up to 300 KB so several need more than one 64 KiB padding segment.
    private static GoProCard Card() =>
        GoProCard.Realistic(CameraProfile.Hero10(), photos: 7, seed: 11, minBytes: 20_000, maxBytes: 300_000, photosPerFolder: 4);

    [FuseFact("mkfs.vfat", "mmd", "mcopy", "mdir", "fusefat", "fusermount", "fsck.vfat")]
    public void Fat32_image_mounts_holds_the_card_and_stays_clean_after_deletes() =>
        MountsHoldsTheCardAndStaysClean((path, card) => FatCardImage.Create(path, card, ImageSize));

    [FuseFact("mkfs.exfat", "mount.exfat-fuse", "fusermount", "fsck.exfat", "losetup")]
    public void ExFat_image_mounts_holds_the_card_and_stays_clean_after_deletes() =>
        MountsHoldsTheCardAndStaysClean((path, card) => ExFatCardImage.Create(path, card, ImageSize));

    [FuseFact("mkfs.vfat", "mmd", "mcopy", "mdir")]
    public void Fat32_image_lists_and_copies_out_without_mounting()
    {
        using var scratch = new TempDir();
        var card = Card();
        var image = FatCardImage.Create(Path.Combine(scratch.Path, "card.img"), card, ImageSize, label: "AILAS07");

        // mtools honours the lower-case flags, so names come back exactly as written.
        Assert.Equal(card.Entries().Select(e => e.RelativePath).Order(StringComparer.Ordinal), image.ListFiles());
        var photo = card.Photos[5];
        string copy = Path.Combine(scratch.Path, "copy.jpg");
        image.CopyOut(photo.RelativePath, copy);
        Assert.Equal(GoProJpeg.Build(photo.Camera, photo.Spec), File.ReadAllBytes(copy));
        Assert.Equal(0, image.Fsck().ExitCode);
    }

    private static void MountsHoldsTheCardAndStaysClean(Func<string, GoProCard, ICardImage> create)
    {
        using var scratch = new TempDir();
        var card = Card();
        string expected = Path.Combine(scratch.Path, "expected");
        card.WriteTo(expected);
        var image = create(Path.Combine(scratch.Path, "card.img"), card);
        var paths = card.Entries().Select(e => e.RelativePath).Order(StringComparer.Ordinal).ToList();
        var deleted = new[] { card.Photos[1].RelativePath, card.Photos[5].RelativePath }; // one per folder

        using (var mounted = image.MountFuse(Path.Combine(scratch.Path, "mnt")))
        {
            // fusefat shows 8.3 names upper-case (it ignores FAT's lower-case flags), so compare without case.
            var listed = Directory.EnumerateFiles(mounted.MountPoint, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(mounted.MountPoint, f));
            Assert.Equal(paths.Select(p => p.ToUpperInvariant()).Order(), listed.Select(p => p.ToUpperInvariant()).Order());
            foreach (string path in paths) // lookups are case-insensitive on both drivers
                Assert.True(File.ReadAllBytes(Path.Combine(expected, path)).AsSpan()
                    .SequenceEqual(File.ReadAllBytes(Path.Combine(mounted.MountPoint, path))), $"{path} differs");

            foreach (string path in deleted) // the kiosk deletes what it has secured
                File.Delete(Path.Combine(mounted.MountPoint, path));
            mounted.Unmount();
        } // Dispose after Unmount is a no-op

        var (exitCode, output) = image.Fsck();
        Assert.True(exitCode == 0, $"fsck found problems:\n{output}");
        Assert.Equal(paths.Except(deleted), image.ListFiles());
    }
}

/// <summary>A fact that needs root, /dev/fuse and the given tools; skipped (with the reason) otherwise.</summary>
internal sealed class FuseFactAttribute : FactAttribute
{
    private static readonly string[] SearchPath =
        [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'), "/sbin", "/usr/sbin"];

    public FuseFactAttribute(params string[] tools)
    {
        string[] missing = tools.Where(tool => !SearchPath.Any(dir => File.Exists(Path.Combine(dir, tool)))).ToArray();
        if (!OperatingSystem.IsLinux())
            Skip = "needs Linux";
        else if (!Environment.IsPrivilegedProcess || !File.Exists("/dev/fuse"))
            Skip = "needs root and /dev/fuse";
        else if (missing.Length > 0)
            Skip = "needs " + string.Join(", ", missing) + " (apt: dosfstools mtools fusefat exfatprogs exfat-fuse)";
    }
}
