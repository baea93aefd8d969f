namespace AilasKiosk.CardFactory;

/// <summary>A disk image of an SD card, FAT32 or exFAT, that tests can mount, list and check.</summary>
public interface ICardImage
{
    string ImagePath { get; }

    /// <summary>
    /// Mounts read-write through FUSE (the kiosk deletes files) and returns once the mount is visible.
    /// <paramref name="detached"/>: the FUSE daemon outlives this process (for the CLI demo); the
    /// returned handle can then unmount but not wait for the daemon to exit.
    /// </summary>
    MountedCard MountFuse(string mountPoint, bool detached = false);

    /// <summary>Read-only file-system check; exit code 0 means clean.</summary>
    (int ExitCode, string Output) Fsck();

    /// <summary>Paths of all files, relative to the root with '/' separators, sorted ordinally.</summary>
    IReadOnlyList<string> ListFiles();
}

internal static class SparseFile
{
    /// <summary>A file of the card's size that takes no disk space until written, like a blank card.</summary>
    public static void Create(string path, long sizeBytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new FileStream(path, FileMode.Create, FileAccess.Write);
        image.SetLength(sizeBytes);
    }
}
