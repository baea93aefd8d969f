using AilasKiosk.CardFactory;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Packaging;

/// <summary>
/// The amd64 package, built once by image-build/build-deb.sh, and a fresh Debian 12 root (mmdebstrap, with what
/// the package depends on) to install it into — a kiosk's file system without booting one. Needs root and the
/// Debian mirror this machine's apt uses.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    private readonly TempDirectory _dir = new("ailas-deb");

    public PackageFixture()
    {
        var run = Tool.Run("bash", [Path.Combine(Repo.Root, "image-build", "build-deb.sh"), "--arch", "amd64", "--out", _dir.Path], null,
            throwOnFailure: true, timeout: TimeSpan.FromMinutes(10));
        Deb = Directory.GetFiles(_dir.Path, "ailas-kiosk_*_amd64.deb").Single();
        Version = Path.GetFileName(Deb).Split('_')[1];
        _ = run;
    }

    public string Deb { get; }
    public string Version { get; }

    /// <summary>The same package under another version: an upgrade without a second publish.</summary>
    public string Rebuilt(string version)
    {
        var tree = Path.Combine(_dir.Path, "tree-" + version);
        Tool.Run("dpkg-deb", "-R", Deb, tree);
        var control = Path.Combine(tree, "DEBIAN", "control");
        File.WriteAllText(control, File.ReadAllText(control).Replace($"Version: {Version}\n", $"Version: {version}\n", StringComparison.Ordinal));
        var deb = Path.Combine(_dir.Path, $"ailas-kiosk_{version}_amd64.deb");
        Tool.Run("dpkg-deb", "--build", "--root-owner-group", tree, deb);
        return deb;
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>A Debian 12 root file system to install into; /proc mounted while commands run (the .NET runtime reads it).</summary>
public sealed class DebianChroot : IDisposable
{
    private readonly TempDirectory _dir = new("ailas-chroot");

    public DebianChroot()
    {
        Root = Path.Combine(_dir.Path, "root");
        var mirror = File.ReadLines("/etc/apt/sources.list.d/debian.sources").FirstOrDefault(l => l.StartsWith("URIs:", StringComparison.Ordinal))
            ?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] ?? "http://deb.debian.org/debian";
        Tool.Run("mmdebstrap", ["--variant=apt", "--mode=root", "--include=systemd,udev,polkitd,libstdc++6,zlib1g,util-linux",
            "bookworm", Root, mirror], null, throwOnFailure: true, timeout: TimeSpan.FromMinutes(10));
    }

    public string Root { get; }

    public string PathOf(string absolute) => System.IO.Path.Combine(Root, absolute.TrimStart('/'));

    public ToolResult Run(params string[] command)
    {
        Tool.Run("mount", "-t", "proc", "proc", PathOf("/proc"));
        try
        {
            return Tool.Run("chroot", [Root, .. command], null, throwOnFailure: false, timeout: TimeSpan.FromMinutes(2));
        }
        finally
        {
            Tool.Run("umount", PathOf("/proc"));
        }
    }

    public ToolResult Install(string deb)
    {
        var inside = "/tmp/" + System.IO.Path.GetFileName(deb);
        File.Copy(deb, PathOf(inside), overwrite: true);
        return Run("dpkg", "-i", inside);
    }

    public void Dispose() => _dir.Dispose();
}
