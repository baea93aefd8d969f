using AilasKiosk.Detect;
using AilasKiosk.Platform;

namespace AilasKiosk.Mount;

/// <summary>Shared by both mounters: one directory per kernel device name under Cards:MountRoot, and its liveness.</summary>
internal static class MountPoints
{
    public static string For(string mountRoot, BlockDevice device) => Path.Combine(mountRoot, device.Name);

    /// <summary>What is mounted at the device's mount point under <paramref name="mountRoot"/>, or null.</summary>
    /// <param name="fromDevice">Only a mount of this very device (kernel mounts name it; FUSE mounts name their daemon).</param>
    public static MountedCard? Find(string mountRoot, BlockDevice device, bool fromDevice)
    {
        var target = For(mountRoot, device);
        return MountTable.Find(target) is { } entry && (!fromDevice || entry.Source == device.DevicePath)
            ? new MountedCard(device, target, entry.FileSystemType)
            : null;
    }

    /// <summary>In the table and answering: a FUSE mount whose daemon died stays listed but fails stat (ENOTCONN).</summary>
    public static bool IsLive(string mountPoint)
    {
        if (MountTable.Find(mountPoint) is null)
            return false;
        return Directory.Exists(mountPoint); // stat fails on a dead FUSE mount
    }

    /// <summary>The medium is still in: its sysfs entry exists with a non-zero size (a reader without a card reads 0).</summary>
    public static bool HasMedium(BlockDevice device)
    {
        try
        {
            return long.TryParse(File.ReadAllText($"/sys/class/block/{device.Name}/size").Trim(), out var sectors) && sectors > 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> has elapsed on the monotonic clock:
    /// a Pi's wall clock jumps when NTP first answers, which must neither cut a wait short nor stretch it.
    /// </summary>
    public static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (!condition())
        {
            if (time.GetElapsedTime(started) > timeout)
                return false;
            await Task.Delay(PollInterval, time, cancellationToken);
        }
        return true;
    }

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
}
