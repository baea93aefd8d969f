namespace AilasKiosk.CardFactory;

/// <summary>
/// An exFAT card image, as cameras format cards over 32 GB. mtools cannot write exFAT, so the
/// image is filled through an exfat-fuse mount. exfat-fuse (run as root) insists on a block
/// device, so it is mounted with "mount -o loop", which frees the loop device on unmount.
/// </summary>
public sealed class ExFatCardImage(string imagePath) : ICardImage
{
    private static readonly TimeSpan MountTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(60);

    public string ImagePath { get; } = Path.GetFullPath(imagePath);

    /// <param name="label">Volume label; defaults to the card's (none: empty).</param>
    public static ExFatCardImage Create(string imagePath, GoProCard card, long sizeBytes, string? label = null)
    {
        var image = new ExFatCardImage(imagePath);
        SparseFile.Create(image.ImagePath, sizeBytes);
        label ??= card.VolumeLabel;
        Tool.Run("mkfs.exfat", [.. label is null ? Array.Empty<string>() : ["-L", label], image.ImagePath], null);

        // Files are generated straight into the mount: no staging copy needed.
        string mountPoint = image.ImagePath + ".filling";
        using (image.MountFuse(mountPoint))
        {
            foreach (var entry in card.Entries())
                GoProCard.WriteEntry(entry, mountPoint);
        }
        Directory.Delete(mountPoint);
        return image;
    }

    public MountedCard MountFuse(string mountPoint, bool detached = false)
    {
        // exfat-fuse always daemonizes, so "detached" changes nothing here.
        string target = MountTable.Normalize(mountPoint);
        Directory.CreateDirectory(target);
        Tool.Run("mount", "-t", "exfat-fuse", "-o", "loop", ImagePath, target);
        MountTable.WaitFor(() => MountTable.Find(target) is not null, MountTimeout, $"exfat-fuse mount on {target}");
        string loopDevice = MountTable.Find(target)!.Source; // e.g. /dev/loop3

        // fuseblk unmounts wait for the daemon to flush; then the loop device detaches once it has exited.
        return new MountedCard(target, () => MountTable.WaitFor(() => !IsLoopBackingUs(loopDevice), ReleaseTimeout,
            $"{loopDevice} letting go of {ImagePath}"));
    }

    public (int ExitCode, string Output) Fsck()
    {
        var result = Tool.Run("fsck.exfat", ["-n", ImagePath], null, throwOnFailure: false);
        return (result.ExitCode, result.Output);
    }

    /// <summary>No mtools for exFAT: mounts briefly under /tmp to list.</summary>
    public IReadOnlyList<string> ListFiles()
    {
        string mountPoint = Path.Combine(Path.GetTempPath(), "exfat-list-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var card = MountFuse(mountPoint);
            return Directory.EnumerateFiles(mountPoint, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(mountPoint, path).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        finally
        {
            Directory.Delete(mountPoint);
        }
    }

    private bool IsLoopBackingUs(string loopDevice)
    {
        string backingFile = $"/sys/block/{Path.GetFileName(loopDevice)}/loop/backing_file";
        try
        {
            return File.ReadAllText(backingFile).Trim() == ImagePath;
        }
        catch (IOException)
        {
            return false; // detached: the sysfs entry is gone
        }
    }
}
