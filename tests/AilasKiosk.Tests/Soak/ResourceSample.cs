namespace AilasKiosk.Tests.Soak;

/// <summary>
/// What the kiosk holds at an idle moment (no card in any reader): the daemon's own descriptors (assemblies aside), threads and
/// resident memory, and what it leaves on the machine — mounts under its mount root, FUSE daemons serving them,
/// loop devices still attached to the soak's card images.
/// </summary>
internal sealed record ResourceSample(TimeSpan At, int Life, int ProcessId, int Descriptors, int Threads, long RssKiB, int Mounts,
    int FuseProcesses, int LoopDevices)
{
    public static ResourceSample Take(TimeSpan at, int life, int processId, string mountRoot, string imagesRoot)
    {
        var status = File.ReadAllLines($"/proc/{processId}/status");
        return new ResourceSample(at, life, processId,
            HandlesOf(processId),
            int.Parse(Field(status, "Threads:")),
            long.Parse(Field(status, "VmRSS:").Split(' ')[0]),
            MountsUnder(mountRoot),
            FuseProcessesUnder(mountRoot).Count,
            LoopDevicesOn(imagesRoot));
    }

    /// <summary>
    /// Open descriptors other than the assemblies the runtime maps (one per assembly, opened as code first needs it,
    /// bounded): sockets, pipes, files, what a leak would pile up.
    /// </summary>
    private static int HandlesOf(int processId) =>
        Directory.GetFiles($"/proc/{processId}/fd").Count(fd =>
        {
            try { return !(File.ResolveLinkTarget(fd, returnFinalTarget: false)?.FullName ?? "").EndsWith(".dll", StringComparison.Ordinal); }
            catch (IOException) { return false; } // closed meanwhile
        });

    /// <summary>The daemon's descriptors by kind (socket, pipe, anon_inode:…, or the file's folder), for the report when they grow.</summary>
    public static string DescriptorKinds(int processId)
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fd in Directory.GetFiles($"/proc/{processId}/fd"))
        {
            string target;
            try { target = File.ResolveLinkTarget(fd, returnFinalTarget: false)?.FullName ?? "?"; }
            catch (IOException) { continue; } // closed meanwhile
            var kind = target.Contains(":[", StringComparison.Ordinal) ? target[..target.IndexOf(":[", StringComparison.Ordinal)]
                : target.StartsWith("anon_inode:", StringComparison.Ordinal) ? target : Path.GetDirectoryName(target) ?? target;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }
        return string.Join(", ", kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Value} {k.Key}"));
    }

    public static int ThreadsOf(int processId) => int.Parse(Field(File.ReadAllLines($"/proc/{processId}/status"), "Threads:"));

    private static string Field(string[] status, string name) =>
        status.Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim();

    /// <summary>Mount points (field 5 of mountinfo) below <paramref name="root"/>.</summary>
    public static int MountsUnder(string root) =>
        File.ReadAllLines("/proc/self/mountinfo").Count(l => l.Split(' ')[4].StartsWith(root + "/", StringComparison.Ordinal));

    /// <summary>fusefat and exfat-fuse processes whose arguments name a mount point below <paramref name="root"/>.</summary>
    public static List<int> FuseProcessesUnder(string root) => Daemon.FuseProcesses.Find(a => a.StartsWith(root + "/", StringComparison.Ordinal));

    /// <summary>Loop devices whose backing file lies below <paramref name="root"/>.</summary>
    public static int LoopDevicesOn(string root) => AttachedLoops().Count(l => l.BackingFile.StartsWith(root, StringComparison.Ordinal));

    /// <summary>Every attached loop device ("/dev/loop3") with its backing file, from sysfs.</summary>
    public static List<(string Device, string BackingFile)> AttachedLoops()
    {
        var loops = new List<(string, string)>();
        foreach (var dir in Directory.GetDirectories("/sys/block", "loop*"))
        {
            try { loops.Add(("/dev/" + Path.GetFileName(dir), File.ReadAllText(Path.Combine(dir, "loop", "backing_file")).Trim())); }
            catch (IOException) { } // not attached, or detached meanwhile
        }
        return loops;
    }

    public override string ToString() =>
        $"{At:mm\\:ss} life {Life}: {Descriptors} fds (assemblies aside), {Threads} threads, {RssKiB / 1024.0:0.0} MiB RSS, {Mounts} mounts, {FuseProcesses} FUSE, {LoopDevices} loops";
}
