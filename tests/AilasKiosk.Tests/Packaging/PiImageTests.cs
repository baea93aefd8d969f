using System.Text.Json;
using AilasKiosk.Tests.Infrastructure;
using CardTool = AilasKiosk.CardFactory.Tool;

namespace AilasKiosk.Tests.Packaging;

/// <summary>
/// image-build/build-image.sh run for real: a Debian 12 arm64 Raspberry Pi image with the arm64 package, built once
/// (several minutes under qemu-user). Checked without booting: partition table, boot files, root file system —
/// and the arm64 kiosk binary run from it under qemu.
/// </summary>
public sealed class PiImageFixture : IDisposable
{
    /// <summary>
    /// Set by tools/test.sh: the image tools/vm-test.sh builds once per run (in the background while the other tests
    /// run), shared with the VM test that boots it. Without it, this fixture builds its own.
    /// </summary>
    public const string SharedImageVariable = "AILAS_TEST_PI_IMAGE_DIR";

    private readonly TempDirectory _dir = new("ailas-image-test");

    public PiImageFixture()
    {
        var shared = Environment.GetEnvironmentVariable(SharedImageVariable);
        if (!string.IsNullOrEmpty(shared))
        {
            Config = Path.Combine(shared, "config");
            SshKey = Path.Combine(shared, "id_ed25519.pub");
            Image = Path.Combine(shared, "kiosk.img");
            Build = WaitForSharedBuild(shared, TimeSpan.FromMinutes(60));
            return;
        }
        Config = Path.Combine(_dir.Path, "config");
        Directory.CreateDirectory(Config);
        File.Copy(Path.Combine(Repo.Root, "image-build", "kiosk.json"), Path.Combine(Config, "kiosk.json"));
        File.WriteAllText(Path.Combine(Config, "cameras.json"), """{"Cameras":{"C3471325208909":"AILAS-07"}}""");
        File.WriteAllText(Path.Combine(Config, "s3-secret"), "not-a-real-secret\n");
        CardTool.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=AilasKiosk image test CA", "-keyout", Path.Combine(_dir.Path, "ca.key"), "-out", Path.Combine(Config, "storage-ca.crt"));
        SshKey = Path.Combine(_dir.Path, "authorized_keys");
        File.WriteAllText(SshKey, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAilasKioskTestKeyOnly0000000000000000000000 maintainer@base\n");
        Image = Path.Combine(_dir.Path, "kiosk.img");
        Build = CardTool.Run("bash", [Script, "--config", Config, "--ssh-key", SshKey, "--hostname", "kiosk-03", "--out", Image,
            "--size-mb", "2560"], null, throwOnFailure: false, timeout: TimeSpan.FromMinutes(40));
    }

    /// <summary>The shared build ends in image.done or image.failed (its log in build.log); bounded.</summary>
    private static global::AilasKiosk.CardFactory.ToolResult WaitForSharedBuild(string dir, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!File.Exists(Path.Combine(dir, "image.done")) && !File.Exists(Path.Combine(dir, "image.failed")))
        {
            if (DateTime.UtcNow > deadline)
                return new(-1, "", $"the shared image build in {dir} did not finish within {limit}");
            Thread.Sleep(TimeSpan.FromSeconds(2)); // polling a file another process writes: no event to wait on
        }
        var log = Path.Combine(dir, "build.log");
        var output = File.Exists(log) ? File.ReadAllText(log) : "";
        return new(File.Exists(Path.Combine(dir, "image.done")) ? 0 : 1, output, "");
    }

    public static string Script => Path.Combine(Repo.Root, "image-build", "build-image.sh");
    public string Config { get; }
    public string SshKey { get; }
    public string Image { get; }
    public global::AilasKiosk.CardFactory.ToolResult Build { get; }
    public string Temp(string name) => Path.Combine(_dir.Path, name);

    public void Dispose() => _dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PiImageCollection : ICollectionFixture<PiImageFixture>
{
    public const string Name = "pi-image";
}

[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(PiImageCollection.Name)]
public class PiImageTests(PiImageFixture built)
{
    private const long MiB = 1024 * 1024;

    private static string Sh(string file, params string[] args) => CardTool.Run(file, args).StdOut;

    private JsonElement Partitions()
    {
        Assert.True(built.Build.ExitCode == 0, built.Build.Output[^Math.Min(4000, built.Build.Output.Length)..]);
        return JsonDocument.Parse(Sh("sfdisk", "--json", built.Image)).RootElement.GetProperty("partitiontable");
    }

    /// <summary>The root partition as its own file, for debugfs.</summary>
    private string RootPartition()
    {
        var p2 = Partitions().GetProperty("partitions")[1];
        var path = built.Temp("root-" + Guid.NewGuid().ToString("N") + ".img");
        CardTool.Run("dd", $"if={built.Image}", $"of={path}", "bs=512", $"skip={p2.GetProperty("start").GetInt64()}",
            $"count={p2.GetProperty("size").GetInt64()}", "status=none");
        return path;
    }

    private static string Debugfs(string partition, string request) => CardTool.Run("debugfs", ["-R", request, partition], null, throwOnFailure: false).StdOut;

    [Fact]
    public void The_image_has_a_FAT_boot_and_an_ext4_root_partition_found_by_PARTUUID()
    {
        var table = Partitions();
        Assert.Equal("dos", table.GetProperty("label").GetString());
        var parts = table.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(2, parts.Count);
        Assert.Equal(("c", true), (parts[0].GetProperty("type").GetString(), parts[0].TryGetProperty("bootable", out var b) && b.GetBoolean()));
        Assert.Equal("83", parts[1].GetProperty("type").GetString());
        Assert.Equal(2048, parts[0].GetProperty("start").GetInt64());

        var id = table.GetProperty("id").GetString()!.Replace("0x", "", StringComparison.Ordinal);
        var cmdline = Sh("mtype", "-i", $"{built.Image}@@{MiB}", "::cmdline.txt");
        Assert.Contains($"root=PARTUUID={id}-02", cmdline);
        var fstab = Debugfs(RootPartition(), "cat /etc/fstab");
        Assert.Contains($"PARTUUID={id}-02  /               ext4", fstab);
        Assert.Contains($"PARTUUID={id}-01  /boot/firmware  vfat", fstab);
    }

    [Fact]
    public void The_boot_partition_holds_the_firmware_kernel_device_trees_and_enables_I2C()
    {
        Partitions();
        var files = Sh("mdir", "-b", "-i", $"{built.Image}@@{MiB}", "::");
        foreach (var name in new[] { "start4.elf", "fixup4.dat", "bootcode.bin", "vmlinuz", "initrd.img", "config.txt", "cmdline.txt",
                     "bcm2711-rpi-4-b.dtb", "bcm2837-rpi-3-b.dtb" })
            Assert.Contains("::/" + name, files);
        var config = Sh("mtype", "-i", $"{built.Image}@@{MiB}", "::config.txt");
        Assert.Contains("arm_64bit=1", config);
        Assert.Contains("dtparam=i2c_arm=on", config);
        Assert.Contains("RASPIFIRM", Sh("mlabel", "-s", "-i", $"{built.Image}@@{MiB}", "::"));
    }

    [Fact]
    public void The_root_file_system_holds_the_kiosk_configured_enabled_and_reachable_by_ssh_keys_only()
    {
        Partitions();
        var root = RootPartition();
        Assert.Equal("kiosk-03", Debugfs(root, "cat /etc/hostname").Trim());
        Assert.Equal(File.ReadAllText(Path.Combine(built.Config, "kiosk.json")), Debugfs(root, "cat /etc/ailas-kiosk/kiosk.json"));
        Assert.Contains("AILAS-07", Debugfs(root, "cat /etc/ailas-kiosk/cameras.json"));
        var secret = Debugfs(root, "stat /etc/ailas-kiosk/s3-secret");
        Assert.Matches(@"Mode:\s+0600", secret);
        Assert.Matches(@"User:\s+0\s+Group:\s+0", secret);
        // The maintainer's account holds the key; root has none and may not log in over SSH.
        Assert.Equal(File.ReadAllText(built.SshKey), Debugfs(root, "cat /home/maintainer/.ssh/authorized_keys"));
        Assert.DoesNotContain("ssh-", Debugfs(root, "cat /root/.ssh/authorized_keys"));
        var sshd = Debugfs(root, "cat /etc/ssh/sshd_config.d/ailas-kiosk.conf");
        Assert.Contains("PasswordAuthentication no", sshd);
        Assert.Contains("PermitRootLogin no", sshd);
        Assert.Matches(@"^maintainer:x:\d+:\d+:AilasKiosk maintainer:/home/maintainer:/bin/bash$", Debugfs(root, "cat /etc/passwd").Split('\n').Single(l => l.StartsWith("maintainer:", StringComparison.Ordinal)));
        var groups = Debugfs(root, "cat /etc/group").Split('\n');
        foreach (var group in new[] { "systemd-journal", "ailas-kiosk", "sudo" })
            Assert.Contains("maintainer", groups.Single(l => l.StartsWith(group + ":", StringComparison.Ordinal)).Split(':')[3].Split(','));
        Assert.Contains("maintainer ALL=(ALL:ALL) NOPASSWD: ALL", Debugfs(root, "cat /etc/sudoers.d/ailas-kiosk-maintainer"));
        Assert.Contains("i2c-dev", Debugfs(root, "cat /etc/modules-load.d/ailas-kiosk-i2c.conf"));
        Assert.Contains("Storage=persistent", Debugfs(root, "cat /usr/lib/systemd/journald.conf.d/ailas-kiosk.conf"));
        Assert.Contains("ailas-kiosk.service", Debugfs(root, "ls -l /etc/systemd/system/multi-user.target.wants"));
        Assert.Contains("sshd.service", Debugfs(root, "ls -l /etc/systemd/system/multi-user.target.wants") + Debugfs(root, "ls -l /etc/systemd/system"));
        Assert.Contains("ailas-kiosk:x:971:971:", Debugfs(root, "cat /etc/passwd"));
    }

    [Fact]
    public void The_storage_CA_given_in_the_config_is_in_the_image_system_CA_store()
    {
        Partitions();
        var root = RootPartition();
        var given = File.ReadAllText(Path.Combine(built.Config, "storage-ca.crt"));
        Assert.Equal(given, Debugfs(root, "cat /usr/local/share/ca-certificates/ailas-storage-ca.crt"));
        // What OpenSSL (and so .NET) reads: the bundle update-ca-certificates wrote, beside the public CAs.
        var bundle = Debugfs(root, "cat /etc/ssl/certs/ca-certificates.crt");
        Assert.Contains(given.Trim(), bundle);
        Assert.True(bundle.Split("BEGIN CERTIFICATE").Length > 100, "the public CAs are still in the store");
    }

    [Fact]
    public void The_arm64_kiosk_in_the_image_runs_under_qemu()
    {
        Partitions();
        var root = RootPartition();
        var mount = built.Temp("mnt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        CardTool.Run("mount", "-o", "loop,ro", root, mount);
        try
        {
            CardTool.Run("mount", "-t", "proc", "proc", Path.Combine(mount, "proc"));
            try
            {
                var version = CardTool.Run("chroot", [mount, "/usr/bin/ailas-kiosk", "--version"], null, throwOnFailure: false, timeout: TimeSpan.FromMinutes(3));
                Assert.True(version.ExitCode == 0, version.Output);
                Assert.Matches(@"^\d+\.\d+\.\d+", version.StdOut.Trim());
                Assert.Contains("aarch64", CardTool.Run("file", "-L", Path.Combine(mount, "usr/lib/ailas-kiosk/ailas-kiosk")).StdOut.Replace("ARM aarch64", "aarch64", StringComparison.Ordinal));
            }
            finally
            {
                CardTool.Run("umount", Path.Combine(mount, "proc"));
            }
        }
        finally
        {
            CardTool.Run("umount", mount);
        }
    }

    [Fact]
    public void A_base_image_is_customised_only_when_its_SHA256_matches_the_pinned_one()
    {
        Partitions();
        var bad = CardTool.Run("bash", [PiImageFixture.Script, "--base-image", built.Image, "--base-sha256", new string('0', 64),
            "--config", built.Config, "--ssh-key", built.SshKey, "--out", built.Temp("refused.img")], null, throwOnFailure: false);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("not the pinned", bad.Output);
        Assert.False(File.Exists(built.Temp("refused.img")));

        // Our own image stands in for a Raspberry Pi OS Lite download (it cannot be fetched here): same layout.
        var sha = CardTool.Run("sha256sum", built.Image).StdOut.Split(' ')[0];
        var custom = built.Temp("custom.img");
        var run = CardTool.Run("bash", [PiImageFixture.Script, "--base-image", built.Image, "--base-sha256", sha, "--config", built.Config,
            "--ssh-key", built.SshKey, "--hostname", "kiosk-pi5", "--out", custom], null, throwOnFailure: false, timeout: TimeSpan.FromMinutes(10));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("::/ssh", Sh("mdir", "-b", "-i", $"{custom}@@{MiB}", "::"));
        var p2 = JsonDocument.Parse(Sh("sfdisk", "--json", custom)).RootElement.GetProperty("partitiontable").GetProperty("partitions")[1];
        var root = built.Temp("custom-root.img");
        CardTool.Run("dd", $"if={custom}", $"of={root}", "bs=512", $"skip={p2.GetProperty("start").GetInt64()}", $"count={p2.GetProperty("size").GetInt64()}", "status=none");
        Assert.Equal("kiosk-pi5", Debugfs(root, "cat /etc/hostname").Trim());
        Assert.Equal(sha, CardTool.Run("sha256sum", built.Image).StdOut.Split(' ')[0]); // the base is left as it was
    }
}
