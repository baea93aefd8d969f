using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// A small tmpfs of its own (root), for a state directory that runs out of space: <see cref="Fill"/> takes every
/// free page with a filler file, <see cref="Free"/> deletes it. Unmounted and removed on dispose.
/// </summary>
public sealed class TinyFileSystem : IDisposable
{
    private readonly TempDirectory _mountPoint = new("ailas-tiny");

    public TinyFileSystem(int kilobytes)
    {
        Tool.Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0755", "tmpfs", _mountPoint.Path);
        Path = _mountPoint.Path;
    }

    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "filler");

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Writes page by page until the file system says ENOSPC: nothing is left for anyone after it.</summary>
    public void Fill()
    {
        using var file = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        var page = new byte[4096];
        try
        {
            while (true)
                file.Write(page);
        }
        catch (IOException e) when (e.HResult == 28) // ENOSPC
        {
        }
    }

    public void Free() => File.Delete(Filler);

    public void Dispose()
    {
        Tool.Run("umount", ["--lazy", Path], null, throwOnFailure: false);
        _mountPoint.Dispose();
    }
}
