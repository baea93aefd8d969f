using CardTool = AilasKiosk.CardFactory.Tool;

namespace AilasKiosk.Tests.Packaging;

/// <summary>The Debian package installed, upgraded, removed and purged in a fresh Debian 12 root.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(PackagingCollection.Name)]
public class DebPackageTests(PackageFixture package)
{
    private static (string Mode, int Uid, int Gid) Stat(string path)
    {
        var fields = CardTool.Run("stat", "-c", "%a %u %g", path).StdOut.Trim().Split(' ');
        return (fields[0], int.Parse(fields[1]), int.Parse(fields[2]));
    }

    [Fact]
    public void The_package_installs_runs_and_lays_its_files_out_with_the_right_owners_and_modes()
    {
        using var debian = new DebianChroot();
        var install = debian.Install(package.Deb);
        Assert.True(install.ExitCode == 0, install.Output);

        var version = debian.Run("ailas-kiosk", "--version");
        Assert.True(version.ExitCode == 0, version.Output);
        Assert.StartsWith(package.Version, version.StdOut.Trim());
        // Configured with no secret yet, doctor runs and names what is missing.
        var doctor = debian.Run("ailas-kiosk", "doctor");
        Assert.Contains("Storage:SecretKey", doctor.Output);
        Assert.Contains("I2C", doctor.Output);

        var passwd = File.ReadAllLines(debian.PathOf("/etc/passwd"));
        Assert.Contains(passwd, l => l.StartsWith("ailas-kiosk:x:971:971:", StringComparison.Ordinal) && l.EndsWith("/usr/sbin/nologin", StringComparison.Ordinal));
        Assert.Equal(("750", 0, 971), Stat(debian.PathOf("/etc/ailas-kiosk")));
        Assert.Equal(("640", 0, 971), Stat(debian.PathOf("/etc/ailas-kiosk/kiosk.json")));
        Assert.Equal(("750", 971, 971), Stat(debian.PathOf("/var/lib/ailas-kiosk")));
        Assert.Equal("755", Stat(debian.PathOf("/usr/lib/ailas-kiosk/ailas-kiosk")).Mode);
        Assert.Equal("../lib/ailas-kiosk/ailas-kiosk", new FileInfo(debian.PathOf("/usr/bin/ailas-kiosk")).LinkTarget);
        Assert.True(File.Exists(debian.PathOf("/etc/systemd/system/multi-user.target.wants/ailas-kiosk.service")), "the service is not enabled");
        foreach (var file in new[] { "/usr/lib/systemd/system/ailas-kiosk.service", "/usr/lib/systemd/system/ailas-kiosk-eject@.service",
                     "/usr/lib/udev/rules.d/99-ailas-kiosk.rules", "/usr/lib/sysusers.d/ailas-kiosk.conf", "/usr/lib/tmpfiles.d/ailas-kiosk.conf",
                     "/usr/lib/systemd/journald.conf.d/ailas-kiosk.conf", "/usr/share/polkit-1/rules.d/50-ailas-kiosk-eject.rules",
                     "/usr/share/doc/ailas-kiosk/minio-policy.json", "/usr/share/doc/ailas-kiosk/README.md" })
            Assert.Equal(("644", 0, 0), Stat(debian.PathOf(file)));
        // No secret shipped, and the policy cannot delete.
        Assert.DoesNotContain("Secret", File.ReadAllText(debian.PathOf("/etc/ailas-kiosk/kiosk.json")));
        Assert.DoesNotContain("s3:Delete", File.ReadAllText(debian.PathOf("/usr/share/doc/ailas-kiosk/minio-policy.json")));
        Assert.DoesNotContain("s3:*", File.ReadAllText(debian.PathOf("/usr/share/doc/ailas-kiosk/minio-policy.json")));

        // The installed units, as systemd in that root sees them.
        var verify = CardTool.Run("systemd-analyze", [$"--root={debian.Root}", "verify", "ailas-kiosk.service"], null, throwOnFailure: false);
        Assert.True(verify.ExitCode == 0, verify.Output);
    }

    [Fact]
    public void Upgrade_remove_and_purge_keep_the_configuration_and_the_journal_as_promised()
    {
        using var debian = new DebianChroot();
        Assert.Equal(0, debian.Install(package.Deb).ExitCode);
        // A configured kiosk with a history: edited settings, a secret, a camera registry, a journal.
        var config = debian.PathOf("/etc/ailas-kiosk/kiosk.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("minio.example.org", "minio.ailas.lan", StringComparison.Ordinal));
        File.WriteAllText(debian.PathOf("/etc/ailas-kiosk/s3-secret"), "secret\n");
        File.WriteAllText(debian.PathOf("/etc/ailas-kiosk/cameras.json"), """{"Cameras":{"C3471325208909":"AILAS-07"}}""");
        File.WriteAllText(debian.PathOf("/var/lib/ailas-kiosk/journal.db"), "the record of what was verified and wiped");

        var upgrade = debian.Install(package.Rebuilt(package.Version + ".1"));
        Assert.True(upgrade.ExitCode == 0, upgrade.Output);
        Assert.Contains("minio.ailas.lan", File.ReadAllText(config));
        Assert.Equal(("600", 0, 0), Stat(debian.PathOf("/etc/ailas-kiosk/s3-secret"))); // tightened by postinst
        Assert.Contains(package.Version + ".1", debian.Run("dpkg-query", "-W", "ailas-kiosk").StdOut);

        var remove = debian.Run("dpkg", "-r", "ailas-kiosk");
        Assert.True(remove.ExitCode == 0, remove.Output);
        Assert.False(File.Exists(debian.PathOf("/usr/lib/ailas-kiosk/ailas-kiosk")));
        Assert.Contains("minio.ailas.lan", File.ReadAllText(config));
        Assert.True(File.Exists(debian.PathOf("/etc/ailas-kiosk/cameras.json")));
        Assert.True(File.Exists(debian.PathOf("/var/lib/ailas-kiosk/journal.db")));

        var purge = debian.Run("dpkg", "-P", "ailas-kiosk");
        Assert.True(purge.ExitCode == 0, purge.Output);
        Assert.False(Directory.Exists(debian.PathOf("/etc/ailas-kiosk")));
        Assert.Equal("the record of what was verified and wiped", File.ReadAllText(debian.PathOf("/var/lib/ailas-kiosk/journal.db")));
    }
}

[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "packaging";
}
