namespace AilasKiosk.Tests.Daemon;

/// <summary>The FUSE daemons serving cards: killing one is the closest thing here to yanking the card out.</summary>
public static class FuseProcesses
{
    /// <summary>fusefat and exfat-fuse processes with a command-line argument that <paramref name="argument"/> accepts.</summary>
    public static List<int> Find(Func<string, bool> argument)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] argv;
            try
            {
                // The name first: a cmdline read waits for the process's memory map lock, which a process stuck on a
                // dead FUSE mount may hold forever (the soak hung here once); comm needs no lock.
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() is not ("fusefat" or "mount.exfat-fus" or "exfat-fuse"))
                    continue;
                argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            if (Path.GetFileName(argv[0]) is "fusefat" or "mount.exfat-fuse" or "exfat-fuse" && argv.Skip(1).Any(argument))
                found.Add(pid);
        }
        return found;
    }

    public static int KillServing(params string[] sources)
    {
        var serving = Find(sources.Contains);
        foreach (var pid in serving)
            _ = Infrastructure.Signals.Send(pid, 9); // it may have ended by itself meanwhile
        Assert.True(serving.Count > 0, $"no FUSE daemon serves {string.Join(" or ", sources)}");
        return serving.Count;
    }
}
