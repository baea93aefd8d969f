using System.IO.Enumeration;
using AilasKiosk.Keys;
using AilasKiosk.Platform;

namespace AilasKiosk.Card;

/// <summary>
/// Lists the images of a card: regular files in DCIM/&lt;folder&gt;/ with a wanted extension. The card is untrusted
/// input: symbolic links and other non-regular entries are skipped, never followed; odd names are skipped
/// with a warning; a tree larger than the configured bound is refused.
/// </summary>
internal sealed class CardScanner(IReadOnlyList<string> extensions, int maxFiles)
{
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
        var files = new List<CardFile>();
        var skipped = new List<string>();
        var dcim = FindChild(cardRoot, "DCIM");
        if (dcim is null)
            return new CardScan(files, skipped);

        foreach (var folder in new DirectoryInfo(dcim).EnumerateDirectories("*", OneLevel).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (Posix.StatNoFollow(folder.FullName).Kind != Posix.FileKind.Directory) { skipped.Add($"DCIM/{folder.Name}: symbolic link, not followed"); continue; }
            if (!ObjectKeyTemplate.IsSafeSegment(folder.Name)) { skipped.Add($"DCIM/{folder.Name}: unusual folder name"); continue; }
            var directory = folder.FullName;
            // Names only, sorted: a FileInfo per entry of a 999-photo folder was garbage that grew the heap for good.
            foreach (var name in EntryNames(directory).Where(IsWanted).Order(StringComparer.Ordinal))
            {
                var relative = $"DCIM/{folder.Name}/{name}";
                var status = Posix.StatNoFollow(Path.Join(directory, name));
                if (status.Kind == Posix.FileKind.Directory) continue;
                if (status.Kind != Posix.FileKind.Regular) { skipped.Add($"{relative}: not a regular file"); continue; }
                if (!ObjectKeyTemplate.IsSafeSegment(name)) { skipped.Add($"{relative}: unusual file name"); continue; }
                if (files.Count >= maxFiles)
                    throw new CardReadException($"the card holds more than {maxFiles} images (Offload:MaxFiles); refusing it as implausible");
                files.Add(new CardFile(directory, relative, status.Size, status.LastWriteUtc));
            }
        }
        return new CardScan(files, skipped);
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

internal sealed record CardScan(IReadOnlyList<CardFile> Files, IReadOnlyList<string> Skipped)
{
    public long TotalBytes => Files.Sum(f => f.Size);
}

/// <summary>The card cannot be read as a camera card (missing, unreadable, implausible tree).</summary>
internal sealed class CardReadException(string message, Exception? inner = null) : Exception(message, inner);
