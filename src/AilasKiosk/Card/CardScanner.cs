using System.IO.Enumeration;
using System.Text;
using AilasKiosk.Keys;
using AilasKiosk.Platform;

namespace AilasKiosk.Card;

/// <summary>
/// Lists the images of a card: regular files with a wanted extension in the camera folders under DCIM/ (and
/// their sub-folders, down to <see cref="MaxFolderDepth"/>). The card is untrusted input: links are never
/// followed, special files never opened, and a tree larger than the configured bound is refused. Whatever looks
/// like a photo and is not taken is listed in <see cref="CardScan.Left"/> with the reason, never passed over in
/// silence: a crew that is told "done" formats the card.
/// </summary>
internal sealed class CardScanner(IReadOnlyList<string> extensions, int maxFiles)
{
    /// <summary>Folders below DCIM/: 1 is a camera folder (DCIM/100GOPRO), deeper ones are its sub-folders.</summary>
    public const int MaxFolderDepth = 4;

    /// <summary>A card path that long cannot fit in a key beside the label and date (S3 keys hold 1,024 bytes).</summary>
    public const int MaxPathBytes = 768;

    private readonly int _maxFiles = maxFiles;

    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        MatchCasing = MatchCasing.CaseInsensitive,
        ReturnSpecialDirectories = false,
    };

    public CardScan Scan(string cardRoot)
    {
        var scan = new Walk(this);
        var dcim = FindChild(cardRoot, "DCIM");
        if (dcim is not null)
            scan.Folder(dcim, "DCIM", 0);
        return new CardScan(scan.Files, scan.Left);
    }

    /// <summary>One pass over a card's DCIM tree, in ordinal order of names.</summary>
    private sealed class Walk(CardScanner scanner)
    {
        public List<CardFile> Files { get; } = [];
        public List<LeftOnCard> Left { get; } = [];

        public void Folder(string directory, string relative, int depth)
        {
            // Names only, sorted: a FileInfo per entry of a 999-photo folder was garbage that grew the heap for good.
            foreach (var name in EntryNames(directory).Order(StringComparer.Ordinal))
            {
                var path = Path.Join(directory, name);
                var entry = $"{relative}/{name}";
                var status = Posix.StatNoFollow(path);
                switch (status.Kind)
                {
                    case Posix.FileKind.Directory when depth >= MaxFolderDepth:
                        Leave(entry, $"folder nested more than {MaxFolderDepth} levels under DCIM; not looked into", isFolder: true);
                        break;
                    case Posix.FileKind.Directory when !ObjectKeyTemplate.IsStorableName(name):
                        Leave(entry, "folder name the storage cannot hold (control character, invalid or too long); not looked into", isFolder: true);
                        break;
                    case Posix.FileKind.Directory:
                        Folder(path, entry, depth + 1);
                        break;
                    case Posix.FileKind.SymbolicLink:
                        Leave(entry, "symbolic link; not followed");
                        break;
                    case Posix.FileKind.Missing:
                        break; // deleted between listing and looking: nothing left on the card
                    case var _ when !scanner.IsWanted(name):
                        break; // not a photo (a video, a thumbnail, the camera's own files)
                    case not Posix.FileKind.Regular:
                        Leave(entry, "not a regular file (a device, pipe or socket)");
                        break;
                    case var _ when depth == 0:
                        Leave(entry, "not in a camera folder under DCIM");
                        break;
                    case var _ when !ObjectKeyTemplate.IsStorableName(name):
                        Leave(entry, "file name the storage cannot hold (control character, invalid or too long)");
                        break;
                    case var _ when Encoding.UTF8.GetByteCount(entry) > MaxPathBytes:
                        Leave(entry, $"path longer than {MaxPathBytes} bytes, too long for a storage key");
                        break;
                    default:
                        if (Files.Count >= scanner._maxFiles)
                            throw new CardReadException($"the card holds more than {scanner._maxFiles} images (Offload:MaxFiles); refusing it as implausible");
                        Files.Add(new CardFile(directory, entry, status.Size, status.LastWriteUtc));
                        break;
                }
            }
        }

        private void Leave(string path, string reason, bool isFolder = false) => Left.Add(new LeftOnCard(path, reason, isFolder));
    }

    private static FileSystemEnumerable<string> EntryNames(string directory) =>
        new(directory, (ref entry) => entry.FileName.ToString(), OneLevel);

    /// <summary>Case-insensitive lookup of a direct child directory (FAT is case-insensitive, a test directory may not be).</summary>
    public static string? FindChild(string directory, string name)
    {
        var match = new DirectoryInfo(directory).EnumerateDirectories(name, OneLevel).FirstOrDefault();
        return match is null || match.LinkTarget is not null ? null : match.FullName;
    }

    private bool IsWanted(string name)
    {
        var ext = Path.GetExtension(name);
        return ext.Length > 1 && extensions.Any(e => ext.AsSpan(1).Equals(e, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>The images of a card, and what looked like one but is not taken.</summary>
internal sealed record CardScan(IReadOnlyList<CardFile> Files, IReadOnlyList<LeftOnCard> Left)
{
    public long TotalBytes => Files.Sum(f => f.Size);
}

/// <summary>An entry under DCIM/ that may hold photos and that the kiosk does not take: it stays on the card.</summary>
/// <param name="Path">Path inside the card, '/'-separated, as <see cref="CardFile.RelativePath"/>.</param>
/// <param name="Reason">Why, in words a maintainer (and, shortened, a crew) understands.</param>
/// <param name="IsFolder">A folder not looked into: it may hold any number of photos.</param>
internal sealed record LeftOnCard(string Path, string Reason, bool IsFolder = false)
{
    public override string ToString() => $"{Path}: {Reason}";
}

/// <summary>The card cannot be read as a camera card (missing, unreadable, implausible tree).</summary>
internal sealed class CardReadException(string message, Exception? inner = null) : Exception(message, inner);
