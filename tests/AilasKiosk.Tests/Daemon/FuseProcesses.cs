namespace AilasKiosk.Tests.Daemon;

/// <summary>The FUSE daemons serving a card: killing one is the closest thing here to yanking the card out.</summary>
public static class FuseProcesses
{
    public static int KillServing(params string[] sources)
    {
        var killed = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] argv;
            try
            {
                argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            var program = Path.GetFileName(argv[0]);
            if (program is not ("fusefat" or "mount.exfat-fuse" or "exfat-fuse") || !argv.Any(a => sources.Contains(a))) continue;
            _ = Infrastructure.Signals.Send(pid, 9); // it may have ended by itself meanwhile
            killed++;
        }
        Assert.True(killed > 0, $"no FUSE daemon serves {string.Join(" or ", sources)}");
        return killed;
    }
}
