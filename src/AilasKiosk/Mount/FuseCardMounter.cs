using System.Collections.Concurrent;
using System.Diagnostics;
using AilasKiosk.Configuration;
using AilasKiosk.Detect;
using AilasKiosk.Platform;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Mount;

/// <summary>
/// Cards:Mount=fuse — for machines without kernel vfat/exfat (like CI) and the demo: the daemon mounts the card
/// itself, vfat with fusefat (its experimental rw+ mode, single-threaded), exfat with exfat-fuse, then makes sure
/// the mount is nosuid,nodev,noexec. Needs root. Unmounting waits for the FUSE daemon to exit, so every write
/// has reached the device before "safe to remove".
/// </summary>
internal sealed class FuseCardMounter(CardsOptions options, TimeProvider time, ILogger<FuseCardMounter> log) : ICardMounter
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    /// <summary>fusefat runs in the foreground as our child: its exit is the end of its writes.</summary>
    private readonly ConcurrentDictionary<string, Process> _fusefat = new(StringComparer.Ordinal);

    public async Task<MountedCard> MountAsync(BlockDevice device, string fileSystemType, CancellationToken cancellationToken)
    {
        var target = MountPoints.For(options.MountRoot, device);
        // Before the directory is looked at: a mount whose FUSE daemon died with the kiosk (killed, restarted) makes
        // every look at its mount point fail ("Transport endpoint is not connected").
        if (MountTable.Find(target) is not null)
        {
            log.LogWarning("A stale mount is left at {Target}; detaching it", target);
            await Command.RunAsync("umount", ["-l", target], ToolTimeout, cancellationToken);
        }
        Directory.CreateDirectory(target);
        var timeout = TimeSpan.FromSeconds(options.MountTimeoutSeconds);
        switch (fileSystemType)
        {
            case "vfat":
                var daemon = StartFusefat(device, target);
                if (!await MountPoints.WaitForAsync(() => MountTable.Find(target) is not null || daemon.HasExited, timeout, time, cancellationToken)
                    || daemon.HasExited)
                {
                    var why = daemon.HasExited ? $" (exit {daemon.ExitCode})" : " in time";
                    Release(daemon);
                    throw new MountException($"fusefat could not mount {device.DevicePath}{why}");
                }
                Keep(target, daemon);
                break;
            case "exfat":
                var run = await Command.RunAsync("mount.exfat-fuse", ["-o", SafeMountOptions.Joined, device.DevicePath, target], ToolTimeout, cancellationToken);
                if (run.ExitCode != 0 || !await MountPoints.WaitForAsync(() => MountTable.Find(target) is not null, timeout, time, cancellationToken))
                    throw new MountException($"exfat-fuse could not mount {device.DevicePath}: {run.Output}");
                // exfat-fuse drops noexec; the kernel applies it on a remount.
                await Command.RunAsync("mount", ["-o", "remount," + SafeMountOptions.Joined, target], ToolTimeout, cancellationToken);
                break;
            default:
                throw new MountException($"{fileSystemType} is not a camera card's file system (FAT32 or exFAT)");
        }

        var card = new MountedCard(device, target, fileSystemType);
        var mounted = MountTable.Find(target)!;
        var missing = SafeMountOptions.MissingFrom(mounted);
        if (missing.Count > 0)
        {
            await UnmountAsync(card, cancellationToken);
            throw new MountException($"{device.DevicePath} mounted without {string.Join(", ", missing)}: refused");
        }
        return card;
    }

    /// <summary>
    /// A card pulled while it was being unmounted leaves its fusefat child here (the unmount gave up before letting it
    /// go): the next card at that mount point releases it, so the pipes of a long gone card are not held for months.
    /// </summary>
    private void Keep(string target, Process daemon)
    {
        if (_fusefat.TryRemove(target, out var earlier))
            Release(earlier);
        _fusefat[target] = daemon;
    }

    /// <summary>Stops a fusefat child if it still runs and closes its pipes.</summary>
    private static void Release(Process daemon)
    {
        try
        {
            if (!daemon.HasExited)
                daemon.Kill();
        }
        catch (InvalidOperationException)
        {
            // exited between the check and the kill
        }
        daemon.Dispose();
    }

    /// <summary>
    /// fusefat writes a line to stderr for every operation. Its output goes to /dev/null, not to a pipe of ours: were
    /// the kiosk killed while one of its threads waits on a request to fusefat, that thread keeps our end of the pipe
    /// open but nobody reads it any more; fusefat blocks on the full pipe before it answers, and the kiosk never
    /// finishes dying (seen in the soak: a zombie kiosk and a fusefat in pipe_write, for good). Only its exit code
    /// then tells a failed mount.
    /// </summary>
    private static Process StartFusefat(BlockDevice device, string target)
    {
        var psi = new ProcessStartInfo("/bin/sh");
        // sh replaces itself with fusefat (exec): the child we hold is fusefat, with its output pointing nowhere.
        foreach (var arg in new[] { "-c", "exec \"$0\" \"$@\" </dev/null >/dev/null 2>&1", "fusefat",
                     "-f", "-s", "-o", "rw+," + SafeMountOptions.Joined, device.DevicePath, target })
            psi.ArgumentList.Add(arg);
        return Command.Start(psi, "fusefat");
    }

    public async Task UnmountAsync(MountedCard card, CancellationToken cancellationToken)
    {
        var target = card.Root;
        if (MountTable.Find(target) is not null)
        {
            var run = await Command.RunAsync("umount", [target], ToolTimeout, cancellationToken);
            // A dead FUSE daemon (card yanked) leaves a mount that only a lazy unmount removes.
            if (run.ExitCode != 0 && !MountPoints.IsLive(target))
                run = await Command.RunAsync("umount", ["-l", target], ToolTimeout, cancellationToken);
            if (run.ExitCode != 0)
                throw new MountException($"cannot unmount {target}: {run.Output}");
        }
        var released = _fusefat.TryRemove(target, out var daemon)
            ? await MountPoints.WaitForAsync(() => daemon.HasExited, ToolTimeout, time, cancellationToken)
            : await MountPoints.WaitForAsync(() => !FuseDaemons.Serve(card.Device.DevicePath), ToolTimeout, time, cancellationToken);
        daemon?.Dispose();
        if (!released)
            throw new MountException($"the FUSE daemon of {card.Device.DevicePath} did not exit after the unmount");
        TryRemoveDirectory(target);
    }

    public async Task ReleaseLeftoversAsync(CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(options.MountRoot);
        foreach (var entry in MountTable.Read().Where(m => MountTable.IsUnder(m.MountPoint, root) && m.MountPoint != root))
        {
            if (MountPoints.IsLive(entry.MountPoint))
                continue; // a card still served: its slot's next mount detaches it if need be
            log.LogWarning("A dead mount left by an earlier run is at {Target}; detaching it", entry.MountPoint);
            await Command.RunAsync("umount", ["-l", entry.MountPoint], ToolTimeout, cancellationToken);
            TryRemoveDirectory(entry.MountPoint);
        }
    }

    /// <summary>
    /// The FUSE daemon must be alive too: once it dies, files fail with ENOTCONN while the kernel may still answer a
    /// stat of the root from its attribute cache.
    /// </summary>
    public bool IsMounted(MountedCard card) =>
        MountPoints.HasMedium(card.Device) && MountPoints.IsLive(card.Root)
        && (_fusefat.TryGetValue(card.Root, out var daemon) ? !daemon.HasExited : FuseDaemons.Serve(card.Device.DevicePath));

    /// <summary>Only this daemon mounts under Cards:MountRoot in this mode; a FUSE mount's source names its daemon, not the device.</summary>
    public MountedCard? FindMount(BlockDevice device) => MountPoints.Find(options.MountRoot, device, fromDevice: false);

    private static void TryRemoveDirectory(string path)
    {
        try
        {
            Directory.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Finds FUSE daemons by the device they serve (exfat-fuse daemonizes: no child to wait for).</summary>
internal static class FuseDaemons
{
    public static bool Serve(string devicePath)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(dir)[0]))
                continue;
            try
            {
                // The name first: reading a process's cmdline takes its memory map's lock, and a process stuck on a
                // dead FUSE mount can hold that forever; comm needs no lock.
                if (!File.ReadAllText(Path.Combine(dir, "comm")).Contains("exfat", StringComparison.Ordinal))
                    continue;
                var argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (argv.Contains(devicePath) && Path.GetFileName(argv[0]).Contains("exfat", StringComparison.Ordinal))
                    return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // exited meanwhile, or not ours to read
            }
        }
        return false;
    }
}
