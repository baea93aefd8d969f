using AilasKiosk.Tests.Infrastructure;
using static AilasKiosk.Tests.Systemd.SystemdFiles;

namespace AilasKiosk.Tests.Systemd;

/// <summary>
/// sysusers.d and tmpfiles.d applied for real, by systemd-sysusers and systemd-tmpfiles, into a throwaway root
/// (both take --root=; systemd 252's tmpfiles has no --dry-run, so the result is looked at instead).
/// </summary>
public class UserAndDirectoryTests
{
    /// <summary>Applies the sysusers file (text) into an empty root; returns the run.</summary>
    private static Run ApplySysusers(string root, string sysusersText)
    {
        var file = Path.Combine(root, "..", Path.GetFileName(root) + ".sysusers");
        File.WriteAllText(file, sysusersText);
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "etc"));
            // An absolute path: a bare name would be looked up in the root's sysusers.d directories.
            return Exec(Tool("systemd-sysusers", "systemd"), $"--root={root}", Path.GetFullPath(file));
        }
        finally { File.Delete(file); }
    }

    private static Run ApplyTmpfiles(string root, string tmpfilesText)
    {
        var file = Path.Combine(root, "..", Path.GetFileName(root) + ".tmpfiles");
        File.WriteAllText(file, tmpfilesText);
        try { return Exec(Tool("systemd-tmpfiles", "systemd"), "--create", $"--root={root}", Path.GetFullPath(file)); }
        finally { File.Delete(file); }
    }

    private static string[] Entry(string root, string file, string name) =>
        File.ReadAllLines(Path.Combine(root, "etc", file)).Select(l => l.Split(':')).SingleOrDefault(f => f[0] == name)
        ?? throw new Xunit.Sdk.XunitException($"no '{name}' in {file}: {File.ReadAllText(Path.Combine(root, "etc", file))}");

    [Fact]
    public void Sysusers_creates_the_static_user_971_in_its_groups()
    {
        using var dir = new TempDirectory("ailas-sysusers");
        var run = ApplySysusers(dir.Path, Text(Sysusers));
        Assert.True(run.ExitCode == 0, $"systemd-sysusers: exit {run.ExitCode}\n{run.Output}");

        var user = Entry(dir.Path, "passwd", "ailas-kiosk");
        Assert.Equal(KioskId.ToString(), user[2]);
        Assert.Equal(KioskId.ToString(), user[3]);
        Assert.Equal("/var/lib/ailas-kiosk", user[5]);
        Assert.EndsWith("nologin", user[6]);
        Assert.Equal(KioskId.ToString(), Entry(dir.Path, "group", "ailas-kiosk")[2]);
        // The groups that ailas-kiosk.service names in SupplementaryGroups= exist, with the user in them.
        foreach (var group in Values(Text(Service), "Service", "SupplementaryGroups").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            Assert.Contains("ailas-kiosk", Entry(dir.Path, "group", group)[3].Split(','));
    }

    [Theory]
    [InlineData("u ailas-kiosk 971:971", "u ailas-kiosk 97x1")]
    [InlineData("m ailas-kiosk gpio", "m ailas-kiosk")]
    [InlineData("g ailas-kiosk 971", "q ailas-kiosk 971")]
    public void A_broken_sysusers_file_fails(string old, string broken)
    {
        using var dir = new TempDirectory("ailas-sysusers");
        var run = ApplySysusers(dir.Path, Mutate(Text(Sysusers), old, broken));
        Assert.True(run.ExitCode != 0, $"systemd-sysusers accepted '{broken}':\n{run.Output}");
    }

    [Fact]
    public void Tmpfiles_make_the_state_directory_and_the_mount_root_for_the_kiosk_only()
    {
        using var dir = new TempDirectory("ailas-tmpfiles");
        // The owners are names: resolved from the root's /etc/passwd, which sysusers writes first (as at boot).
        var users = ApplySysusers(dir.Path, Text(Sysusers));
        Assert.True(users.ExitCode == 0, users.Output);
        var run = ApplyTmpfiles(dir.Path, Text(Tmpfiles));
        Assert.True(run.ExitCode == 0, $"systemd-tmpfiles: exit {run.ExitCode}\n{run.Output}");

        AssertDirectory(Path.Combine(dir.Path, "var/lib/ailas-kiosk"), "750", KioskId, KioskId);
        AssertDirectory(Path.Combine(dir.Path, MountRoot.TrimStart('/')), "750", 0, KioskId);
    }

    [Theory]
    [InlineData("0750 ailas-kiosk ailas-kiosk", "07x0 ailas-kiosk ailas-kiosk")]
    [InlineData("0750 ailas-kiosk ailas-kiosk", "0750 ailas-kiosx ailas-kiosk")]
    [InlineData("d     /run/media/ailas-kiosk", "D     run/media/ailas-kiosk")]
    public void A_broken_tmpfiles_file_fails(string old, string broken)
    {
        using var dir = new TempDirectory("ailas-tmpfiles");
        Assert.Equal(0, ApplySysusers(dir.Path, Text(Sysusers)).ExitCode);
        var run = ApplyTmpfiles(dir.Path, Mutate(Text(Tmpfiles), old, broken));
        Assert.True(run.ExitCode != 0, $"systemd-tmpfiles accepted '{broken}':\n{run.Output}");
    }

    private static void AssertDirectory(string path, string mode, int uid, int gid)
    {
        Assert.True(Directory.Exists(path), $"{path} was not created");
        var stat = Exec("stat", "-c", "%a %u %g", path);
        Assert.Equal($"{mode} {uid} {gid}", stat.Stdout.Trim());
    }
}
