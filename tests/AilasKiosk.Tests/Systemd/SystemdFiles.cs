using System.Diagnostics;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Systemd;

/// <summary>The files of systemd/ and the offline tools (systemd-analyze, systemd-sysusers…) that check them.</summary>
public static class SystemdFiles
{
    public const string Service = "ailas-kiosk.service";
    public const string EjectTemplate = "ailas-kiosk-eject@.service";
    public const string UdevRules = "99-ailas-kiosk.rules";
    public const string PolkitRules = "ailas-kiosk-eject.rules";
    public const string Sysusers = "ailas-kiosk.sysusers";
    public const string Tmpfiles = "ailas-kiosk.tmpfiles";
    public const string Journald = "journald-ailas-kiosk.conf";

    /// <summary>The kiosk's fixed UID/GID, named by the sysusers file, the udev mount options and the tmpfiles.</summary>
    public const int KioskId = 971;
    public const string MountRoot = "/run/media/ailas-kiosk";

    public static string PathOf(string name) => Path.Combine(Repo.Root, "systemd", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    /// <summary>Replaces exactly one occurrence of <paramref name="old"/>: a mutation test breaks what it means to break.</summary>
    public static string Mutate(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0, $"the mutation's text '{old}' is not in the file any more: update the test");
        return text[..at] + replacement + text[(at + old.Length)..];
    }

    public sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => (Stdout + Stderr).Trim();
    }

    /// <summary>
    /// The absolute path of a tool, or a failed test saying how to get it. Never a skip: CI must not go green
    /// because a checker was missing.
    /// </summary>
    public static string Tool(string name, string package)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/bin", "/bin", "/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        Assert.Fail($"{name} is not installed, so the systemd files cannot be checked: install the Debian package '{package}' (apt-get install {package}).");
        throw new UnreachableException();
    }

    /// <summary>Runs a tool to its end (2 minutes at most) and returns its exit code and output.</summary>
    public static Run Exec(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SYSTEMD_PAGER"] = "cat";
        psi.Environment["SYSTEMD_COLORS"] = "0";
        psi.Environment["SYSTEMD_LOG_COLOR"] = "0";
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within 2 minutes");
        }
        process.WaitForExit(); // the end of both streams
        return new Run(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// A throwaway file system root for `systemd-analyze --root=`: the host's own unit files (for
    /// sysinit.target, multi-user.target… that every service depends on), the units under test where the
    /// Debian package installs them, and stub executables for their ExecStart= binaries, which verify
    /// requires to exist and be executable. No systemd needs to run.
    /// </summary>
    public sealed class UnitRoot : IDisposable
    {
        private readonly TempDirectory _dir = new("ailas-units");

        public UnitRoot(IReadOnlyDictionary<string, string> units)
        {
            var hostUnits = "/usr/lib/systemd/system";
            Assert.True(Directory.Exists(hostUnits), $"{hostUnits} is missing: systemd is not installed here (apt-get install systemd)");
            Directory.CreateDirectory(Path.Combine(Root, "usr/lib/systemd"));
            // cp -a keeps the host's symlinks (aliases, units masked to /dev/null) as they are.
            var copy = Exec("cp", "-a", hostUnits, Path.Combine(Root, "usr/lib/systemd/"));
            Assert.True(copy.ExitCode == 0, $"copying {hostUnits}: {copy.Output}");

            foreach (var (name, text) in units)
                File.WriteAllText(Path.Combine(Root, "usr/lib/systemd/system", name), text);

            // The units name these binaries. On the host, systemd-umount comes with systemd; ailas-kiosk with
            // the Debian package (issue 6). verify only checks that they exist and are executable.
            Assert.True(File.Exists("/usr/bin/systemd-umount") && File.Exists("/usr/bin/systemd-mount"),
                "/usr/bin/systemd-mount and systemd-umount are missing: the units and udev rules call them (apt-get install systemd)");
            Directory.CreateDirectory(Path.Combine(Root, "usr/bin"));
            foreach (var stub in new[] { "ailas-kiosk", "systemd-umount", "systemd-mount" })
            {
                var path = Path.Combine(Root, "usr/bin", stub);
                File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
                Assert.Equal(0, Exec("chmod", "0755", path).ExitCode);
            }
        }

        public string Root => _dir.Path;

        public void Dispose() => _dir.Dispose();
    }

    /// <summary>
    /// `systemd-analyze verify` of the named units (an instance such as ailas-kiosk-eject@sdb1.service loads
    /// its template) in a root holding <paramref name="units"/>. verify exits 0 on many problems (an unknown
    /// key, an unparsable value: "ignoring"), so anything it prints counts as a failure too.
    /// </summary>
    public static Run AnalyzeVerify(IReadOnlyDictionary<string, string> units, params string[] names)
    {
        var analyze = Tool("systemd-analyze", "systemd");
        using var root = new UnitRoot(units);
        return Exec(analyze, ["verify", "--man=no", $"--root={root.Root}", .. names]);
    }

    /// <summary>`systemd-analyze security --offline=yes --threshold=` of one unit; threshold in tenths (21 = 2.1).</summary>
    public static Run Security(string unitName, string unitText, int thresholdTenths)
    {
        var analyze = Tool("systemd-analyze", "systemd");
        using var root = new UnitRoot(new Dictionary<string, string> { [unitName] = unitText });
        return Exec(analyze, "security", "--offline=yes", $"--threshold={thresholdTenths}", $"--root={root.Root}", "--no-pager", unitName);
    }

    /// <summary>The overall exposure that `systemd-analyze security` printed, e.g. 2.1.</summary>
    public static double Exposure(Run run)
    {
        var m = System.Text.RegularExpressions.Regex.Match(run.Output, @"Overall exposure level for \S+: (\d+\.\d)");
        Assert.True(m.Success, $"no exposure level in the output of systemd-analyze security:\n{run.Output}");
        return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The values of one key in one section of a unit-like file (systemd's INI dialect), in order.</summary>
    public static IReadOnlyList<string> Values(string text, string section, string key)
    {
        var values = new List<string>();
        string? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line.StartsWith('[') && line.EndsWith(']')) { current = line[1..^1]; continue; }
            var eq = line.IndexOf('=');
            if (eq < 0 || current != section) continue;
            if (line[..eq].Trim() == key) values.Add(line[(eq + 1)..].Trim());
        }
        return values;
    }
}
