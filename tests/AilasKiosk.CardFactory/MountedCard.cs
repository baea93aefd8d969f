using System.Diagnostics;

namespace AilasKiosk.CardFactory;

/// <summary>
/// A card image mounted through FUSE. Unmounting waits until the FUSE daemon has let go of
/// the image (process exit, loop device released), because only then is the image consistent
/// for fsck or mtools.
/// </summary>
public sealed class MountedCard : IDisposable
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(15);
    private readonly Action waitUntilReleased;
    private bool mounted = true;

    internal MountedCard(string mountPoint, Action waitUntilReleased)
    {
        MountPoint = mountPoint;
        this.waitUntilReleased = waitUntilReleased;
    }

    public string MountPoint { get; }

    public void Unmount()
    {
        if (!mounted)
            return;
        // A file still open (a reader not yet disposed) keeps the mount busy for a moment: retry, bounded.
        var clock = Stopwatch.StartNew();
        while (MountTable.Find(MountPoint) is not null)
        {
            var result = Tool.Run("fusermount", ["-u", MountPoint], environment: null, throwOnFailure: false);
            if (result.ExitCode == 0)
                break;
            if (clock.Elapsed > BusyTimeout)
                throw new ToolException($"`fusermount -u {MountPoint}` kept failing: {result.StdErr.Trim()}");
            Thread.Sleep(100);
        }
        waitUntilReleased();
        mounted = false;
    }

    public void Dispose() => Unmount();
}
