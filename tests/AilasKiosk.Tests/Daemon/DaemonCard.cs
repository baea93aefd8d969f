using AilasKiosk.CardFactory;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// A card image for the daemon: built unmounted (the daemon mounts it), "inserted" by attaching it to a loop
/// device and "removed" by detaching it. Disposing removes it if still in and deletes the image.
/// </summary>
public sealed class DaemonCard : IDisposable
{
    private readonly TempDirectory _dir;
    private LoopDevice? _loop;

    private DaemonCard(GoProCard? card, ICardImage? image, string imagePath, TempDirectory dir)
    {
        Card = card;
        Image = image;
        ImagePath = imagePath;
        _dir = dir;
    }

    public GoProCard? Card { get; }
    public ICardImage? Image { get; }
    public string ImagePath { get; }
    public string DevicePath => _loop?.DevicePath ?? throw new InvalidOperationException("not inserted");

    /// <param name="directoryPrefix">Where under /tmp the image lives: the soak tells its own images from any other.</param>
    public static DaemonCard Create(GoProCard card, bool exFat = false, string directoryPrefix = "ailas-daemon-card")
    {
        var dir = new TempDirectory(directoryPrefix);
        var path = Path.Combine(dir.Path, "card.img");
        var size = Math.Max(64L << 20, card.TotalBytes * 5 / 4 + (48L << 20));
        ICardImage image = exFat ? ExFatCardImage.Create(path, card, size) : FatCardImage.Create(path, card, size);
        return new DaemonCard(card, image, path, dir);
    }

    /// <summary>A USB stick formatted ext4 by someone: not a camera card.</summary>
    public static DaemonCard Ext4Stick()
    {
        var dir = new TempDirectory("ailas-daemon-ext4");
        var path = Path.Combine(dir.Path, "stick.img");
        using (var f = new FileStream(path, FileMode.Create)) f.SetLength(32L << 20);
        Tool.Run("mkfs.ext4", "-q", "-F", "-L", "PHONE", path);
        return new DaemonCard(null, null, path, dir);
    }

    public void Insert()
    {
        if (_loop is not null) throw new InvalidOperationException("already inserted");
        _loop = LoopDevice.Attach(ImagePath);
    }

    public void Remove()
    {
        _loop?.Dispose();
        _loop = null;
    }

    public IReadOnlyList<string> Files() => Image!.ListFiles();

    public void AssertClean()
    {
        var (exitCode, output) = Image!.Fsck();
        Assert.True(exitCode == 0, $"fsck found problems:\n{output}");
    }

    /// <summary>
    /// fsck reports only what a FAT pulled while mounted keeps — the dirty bit, and after a pull mid-delete the
    /// FSInfo free-cluster count, a hint that the kernel and fsck recompute: the file system itself is sound.
    /// </summary>
    public void AssertCleanButDirty()
    {
        var (exitCode, output) = Image!.Fsck();
        if (exitCode == 0) return; // not even the dirty bit (exFAT's fsck says "clean")
        var lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var findings = lines.Where((l, i) => !l.StartsWith("fsck.fat", StringComparison.Ordinal)
            && !l.Contains("Dirty bit", StringComparison.Ordinal) && !l.Contains("removing dirty bit", StringComparison.Ordinal)
            && !l.StartsWith("Free cluster summary wrong", StringComparison.Ordinal)
            && !(l == "Auto-correcting." && i > 0 && lines[i - 1].StartsWith("Free cluster summary wrong", StringComparison.Ordinal))
            && !l.StartsWith("Leaving filesystem unchanged", StringComparison.Ordinal) && !l.Contains(" files, ", StringComparison.Ordinal)).ToList();
        Assert.True(findings.Count == 0, $"fsck found more than the dirty bit:\n{output}");
    }

    public void Dispose()
    {
        try { Remove(); } finally { _dir.Dispose(); }
    }
}
