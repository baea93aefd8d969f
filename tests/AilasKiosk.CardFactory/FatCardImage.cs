namespace AilasKiosk.CardFactory;

/// <summary>
/// A FAT32 card image, as cameras format cards up to 32 GB. Built with mkfs.vfat and filled with
/// mtools (no mount needed); mounted with fusefat, since this kernel has no vfat module.
/// </summary>
public sealed class FatCardImage(string imagePath) : ICardImage
{
    // mtools refuses images whose geometry does not match a real floppy/disk unless told not to check.
    private static readonly Dictionary<string, string> MtoolsEnvironment = new() { ["MTOOLS_SKIP_CHECK"] = "1" };
    private static readonly TimeSpan MountTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    public string ImagePath { get; } = Path.GetFullPath(imagePath);

    /// <param name="sizeBytes">Image size; FAT32 needs at least ~33 MB.</param>
    /// <param name="label">Volume label; defaults to the card's (none: "NO NAME").</param>
    public static FatCardImage Create(string imagePath, GoProCard card, long sizeBytes, string? label = null)
    {
        var image = new FatCardImage(imagePath);
        SparseFile.Create(image.ImagePath, sizeBytes);
        label ??= card.VolumeLabel;
        Tool.Run("mkfs.vfat", ["-F", "32", .. label is null ? Array.Empty<string>() : ["-n", label], image.ImagePath], null);

        var folders = card.Folders();
        if (folders.Count > 0)
            image.Mtools("mmd", folders.Select(f => "::/" + f));

        // fusefat cannot follow a directory's cluster chain past 2 GiB into the image, and mcopy
        // grows directories between photos. Empty placeholders first keep every directory near the start.
        string staging = image.ImagePath + ".staging";
        var entries = card.Entries().ToList(); // descriptions only: content is generated per batch
        CardStaging.CopyInBatches(entries.Select(e => e with { SizeBytes = 0, WriteContent = _ => { } }), staging,
            (folder, files) => image.Mtools("mcopy", [.. files, $"::/{folder}/"]));

        // One mcopy per batch of a folder, not per file: a card holds thousands of photos. -o overwrites
        // the placeholders in place; -m keeps the mtime (the capture time). mcopy -b corrupts large batches.
        CardStaging.CopyInBatches(entries, staging,
            (folder, files) => image.Mtools("mcopy", ["-o", "-m", .. files, $"::/{folder}/"]));
        return image;
    }

    public MountedCard MountFuse(string mountPoint, bool detached = false)
    {
        string target = MountTable.Normalize(mountPoint);
        Directory.CreateDirectory(target);
        // rw+ is fusefat's (experimental) write mode; -s: one thread, fusefat is not known to be thread-safe.
        string[] args = ["-s", "-o", "rw+", ImagePath, target];
        if (detached)
        {
            Tool.Run("fusefat", args); // daemonizes once mounted
            MountTable.WaitFor(() => MountTable.Find(target) is not null, MountTimeout, $"fusefat mount on {target}");
            return new MountedCard(target, waitUntilReleased: () => { });
        }

        // In the foreground (-f) the daemon is our child: unmounting can wait for it to flush and exit.
        var daemon = new FuseDaemon(Tool.Start("fusefat", ["-f", .. args]));
        MountTable.WaitFor(() => MountTable.Find(target) is not null || daemon.HasExited, MountTimeout, $"fusefat mount on {target}");
        if (daemon.HasExited)
            throw new ToolException($"fusefat could not mount {ImagePath} on {target}: {daemon.RecentOutput}");
        return new MountedCard(target, () => daemon.WaitForExit(ExitTimeout));
    }

    public (int ExitCode, string Output) Fsck()
    {
        var result = Tool.Run("fsck.vfat", ["-n", ImagePath], null, throwOnFailure: false);
        return (result.ExitCode, result.Output);
    }

    /// <summary>Lists through mtools, without mounting: works on an image that fusefat has let go of.</summary>
    public IReadOnlyList<string> ListFiles() =>
        Mtools("mdir", ["-/", "-b", "::/"]).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("::/", StringComparison.Ordinal) && !line.EndsWith('/'))
            .Select(line => line[3..])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Copies one file out of the image through mtools, without mounting.</summary>
    public void CopyOut(string relativePath, string destination) =>
        Mtools("mcopy", ["-n", "-m", "::/" + relativePath, destination]);

    /// <summary>Deletes one file from the image through mtools, without mounting.</summary>
    public void Delete(string relativePath) => Mtools("mdel", ["::/" + relativePath]);

    /// <summary>fsck.vfat -a: repairs what it can, as a maintainer would with a damaged card.</summary>
    public (int ExitCode, string Output) Repair()
    {
        var result = Tool.Run("fsck.vfat", ["-a", ImagePath], null, throwOnFailure: false);
        return (result.ExitCode, result.Output);
    }

    private ToolResult Mtools(string command, IEnumerable<string> args) =>
        Tool.Run(command, ["-i", ImagePath, .. args], MtoolsEnvironment);
}
