namespace AilasKiosk.CardFactory;

/// <summary>A photo on a card, with the camera that took it (a card may hold several cameras' photos).</summary>
public sealed record CardPhoto(CameraProfile Camera, PhotoSpec Spec)
{
    public string RelativePath => Spec.RelativePath;
}

/// <summary>Any other file on the card (version.txt, video sidecars…): small, so held in memory.</summary>
public sealed record CardFile(string RelativePath, byte[] Content, DateTime LastWriteTime);

/// <summary>One file to write, whatever it is: lets the directory and image writers stream the card.</summary>
public sealed record CardEntry(string RelativePath, long SizeBytes, DateTime LastWriteTime, Action<Stream> WriteContent);

/// <summary>
/// What a card holds, as plain data: nothing is generated until it is written. The camera is
/// the card's owner (the one that wrote MISC/version.txt); photos may come from other cameras.
/// </summary>
/// <param name="VolumeLabel">FAT/exFAT label; null leaves none (mkfs shows "NO NAME"), as cameras often do.</param>
public sealed partial record GoProCard(
    CameraProfile Camera,
    IReadOnlyList<CardPhoto> Photos,
    IReadOnlyList<CardFile> ExtraFiles,
    string? VolumeLabel = null)
{
    public long TotalBytes => Entries().Sum(e => e.SizeBytes);

    /// <summary>Every file, photos first, in card order. Photo mtimes are the capture time, as cameras set them.</summary>
    public IEnumerable<CardEntry> Entries()
    {
        foreach (var photo in Photos)
            yield return new CardEntry(photo.RelativePath, photo.Spec.SizeBytes, photo.Spec.CaptureTime,
                stream => GoProJpeg.Write(stream, photo.Camera, photo.Spec));
        foreach (var file in ExtraFiles)
            yield return new CardEntry(file.RelativePath, file.Content.Length, file.LastWriteTime,
                stream => stream.Write(file.Content));
    }

    /// <summary>Every folder that holds a file, parents before children ("DCIM", "DCIM/100GOPRO", "MISC").</summary>
    public IReadOnlyList<string> Folders() => Entries()
        .SelectMany(e => Ancestors(e.RelativePath))
        .Distinct()
        .OrderBy(f => f.Count(c => c == '/')).ThenBy(f => f, StringComparer.Ordinal)
        .ToList();

    /// <summary>Writes the card's tree into a plain directory: the fast path for unit tests.</summary>
    public void WriteTo(string directory)
    {
        foreach (var entry in Entries())
            WriteEntry(entry, directory);
    }

    /// <summary>Writes one entry under <paramref name="root"/>, streaming, and stamps its mtime.</summary>
    public static void WriteEntry(CardEntry entry, string root)
    {
        string path = Path.Combine(root, entry.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            stream.SetLength(entry.SizeBytes); // one allocation up front: less fragmentation on FAT
            entry.WriteContent(stream);
            if (stream.Position != entry.SizeBytes)
                throw new InvalidOperationException($"{entry.RelativePath}: wrote {stream.Position} bytes, expected {entry.SizeBytes}");
        }
        File.SetLastWriteTime(path, entry.LastWriteTime);
    }

    private static IEnumerable<string> Ancestors(string relativePath)
    {
        for (int slash = relativePath.IndexOf('/'); slash >= 0; slash = relativePath.IndexOf('/', slash + 1))
            yield return relativePath[..slash];
    }
}
