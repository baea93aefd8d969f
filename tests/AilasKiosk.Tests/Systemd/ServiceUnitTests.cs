using static AilasKiosk.Tests.Systemd.SystemdFiles;

namespace AilasKiosk.Tests.Systemd;

/// <summary>
/// The two service units, checked offline by systemd itself (`systemd-analyze verify` and `security`), plus
/// the .NET facts of DESIGN.md §7 that systemd cannot know about.
/// </summary>
public class ServiceUnitTests
{
    /// <summary>The exposure `systemd-analyze security` gives ailas-kiosk.service ("OK" is below 5.0).</summary>
    private const int ExposureThresholdTenths = 19;

    private static Dictionary<string, string> BothUnits(string? service = null, string? eject = null) => new()
    {
        [Service] = service ?? Text(Service),
        [EjectTemplate] = eject ?? Text(EjectTemplate),
    };

    private static void AssertVerifies(Run run) =>
        Assert.True(run.ExitCode == 0 && run.Output.Length == 0,
            $"systemd-analyze verify: exit {run.ExitCode}, it says:\n{run.Output}");

    [Fact]
    public void Systemd_analyze_verify_accepts_both_units()
    {
        AssertVerifies(AnalyzeVerify(BothUnits(), Service, "ailas-kiosk-eject@sdb1.service"));
    }

    [Theory]
    [InlineData(Service, "NoNewPrivileges=yes", "NoNewPrivilegs=yes")]                 // unknown key: "ignoring", exit 0
    [InlineData(Service, "WatchdogSec=30s", "WatchdogSec=thirty")]                      // bad value: "ignoring", exit 0
    [InlineData(Service, "Type=notify", "Type=notfy")]
    [InlineData(Service, "[Service]", "[Servce]")]                                      // no ExecStart=: exit 1
    [InlineData(Service, "ExecStart=/usr/bin/ailas-kiosk run", "ExecStart=/usr/bin/ailas-kiosc run")]  // not executable
    [InlineData(EjectTemplate, "ExecStart=/usr/bin/systemd-umount", "ExecStart=systemd-umonut")]
    [InlineData(EjectTemplate, "Type=oneshot", "Type=oneshoot")]
    public void A_broken_unit_fails_verify(string unit, string old, string broken)
    {
        var units = BothUnits();
        units[unit] = Mutate(units[unit], old, broken);
        var run = AnalyzeVerify(units, Service, "ailas-kiosk-eject@sdb1.service");
        Assert.False(run.ExitCode == 0 && run.Output.Length == 0, $"verify did not notice '{broken}' in {unit}");
    }

    [Fact]
    public void The_daemon_unit_is_exposed_no_more_than_the_threshold()
    {
        var run = Security(Service, Text(Service), ExposureThresholdTenths);
        var exposure = Exposure(run);
        Assert.True(run.ExitCode == 0,
            $"exposure {exposure} is over {ExposureThresholdTenths / 10.0} (exit {run.ExitCode}):\n{run.Output}");
        Assert.InRange(exposure, 0.0, ExposureThresholdTenths / 10.0);
    }

    [Theory]
    [InlineData("CapabilityBoundingSet=\n", "")]
    [InlineData("ProtectSystem=strict", "ProtectSystem=no")]
    [InlineData("SystemCallFilter=@system-service", "")]
    public void Dropping_hardening_breaks_the_threshold(string old, string replacement)
    {
        var run = Security(Service, Mutate(Text(Service), old, replacement), ExposureThresholdTenths);
        Assert.True(run.ExitCode != 0, $"still under the threshold without '{old.Trim()}': {Exposure(run)}");
    }

    // ---- What systemd cannot check: the facts of DESIGN.md §7 and the links between the files. ----

    [Fact]
    public void The_daemon_unit_has_what_the_kiosk_needs()
    {
        Assert.Empty(DaemonUnitProblems(Text(Service)));
    }

    [Theory]
    [InlineData("NoNewPrivileges=yes", "NoNewPrivileges=yes\nMemoryDenyWriteExecute=yes", "MemoryDenyWriteExecute")]
    [InlineData("ProtectProc=invisible", "ProtectProc=invisible\nProcSubset=pid", "ProcSubset")]
    [InlineData("SystemCallFilter=@system-service", "SystemCallFilter=@system-service\nSystemCallFilter=~@resources", "@resources")]
    [InlineData("\nDevicePolicy=closed", "\nPrivateDevices=yes", "PrivateDevices")]
    [InlineData("Type=notify", "Type=simple", "Type")]
    [InlineData("WatchdogSec=30s", "", "WatchdogSec")]
    [InlineData("AF_UNIX AF_INET AF_INET6", "AF_INET AF_INET6", "AF_UNIX")]
    [InlineData("ReadWritePaths=/run/media/ailas-kiosk", "ReadOnlyPaths=/run/media/ailas-kiosk", "ReadWritePaths")]
    [InlineData("%d/s3-secret", "/etc/ailas-kiosk/s3-secret", "SecretKeyFile")]
    public void A_daemon_unit_that_would_break_dotnet_or_the_kiosk_is_caught(string old, string replacement, string named)
    {
        var problems = DaemonUnitProblems(Mutate(Text(Service), old, replacement));
        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void The_eject_unit_unmounts_below_the_mount_root_as_a_root_oneshot()
    {
        var eject = Text(EjectTemplate);
        Assert.Equal(["oneshot"], Values(eject, "Service", "Type"));
        Assert.Equal([$"/usr/bin/systemd-umount {MountRoot}/%i"], Values(eject, "Service", "ExecStart"));
        Assert.Empty(Values(eject, "Service", "User"));              // root: unmounting needs it
        Assert.DoesNotContain(Values(eject, "Service", "ExecStart"), v => v.Contains("-l") || v.Contains("--lazy"));
    }

    private static List<string> DaemonUnitProblems(string unit)
    {
        var problems = new List<string>();
        IReadOnlyList<string> S(string key) => Values(unit, "Service", key);
        void Expect(string key, string value)
        {
            if (!S(key).Contains(value)) problems.Add($"{key}={value} is missing (has: {string.Join(" | ", S(key))})");
        }

        Expect("Type", "notify");
        if (S("Type").Count != 1) problems.Add("Type must be set once");
        if (S("WatchdogSec").Count == 0) problems.Add("WatchdogSec is missing: the daemon's WATCHDOG=1 pings would go nowhere");
        Expect("ExecStart", "/usr/bin/ailas-kiosk run");
        Expect("Restart", "on-failure");
        Expect("User", "ailas-kiosk");
        Expect("StateDirectory", "ailas-kiosk");
        Expect("ConfigurationDirectory", "ailas-kiosk");
        Expect("LoadCredential", "s3-secret:/etc/ailas-kiosk/s3-secret");
        Expect("Environment", "AILAS_Storage__SecretKeyFile=%d/s3-secret");
        if (!S("Environment").Contains("AILAS_Storage__SecretKeyFile=%d/s3-secret"))
            problems.Add("SecretKeyFile must point at the credential %d/s3-secret");
        Expect("NoNewPrivileges", "yes");
        Expect("ProtectSystem", "strict");
        Expect("ReadWritePaths", MountRoot);
        if (!S("ReadWritePaths").Contains(MountRoot)) problems.Add($"ReadWritePaths must hold {MountRoot}: the kiosk deletes verified images there");
        Expect("CapabilityBoundingSet", "");
        Expect("UMask", "0027");
        if (!string.Join(' ', S("RestrictAddressFamilies")).Split(' ').Contains("AF_UNIX"))
            problems.Add("RestrictAddressFamilies must allow AF_UNIX: sd_notify and D-Bus (the eject unit)");

        // DESIGN.md §7: what .NET and Microsoft.Extensions.Hosting.Systemd cannot live with.
        if (S("SystemCallFilter").Any(v => v.Contains("@resources")))
            problems.Add("SystemCallFilter=~@resources kills .NET at start");
        Expect("SystemCallFilter", "@system-service");
        if (S("MemoryDenyWriteExecute").Any(v => v is "yes" or "true" or "1" or "on"))
            problems.Add("MemoryDenyWriteExecute breaks the .NET JIT");
        if (S("ProcSubset").Any(v => v == "pid"))
            problems.Add("ProcSubset=pid hides /proc/meminfo, which the .NET GC reads for its memory load");
        if (S("PrivateDevices").Any(v => v is "yes" or "true" or "1" or "on"))
            problems.Add("PrivateDevices hides /dev/gpiochip* and /dev/i2c-*: use DevicePolicy/DeviceAllow");
        foreach (var device in new[] { "char-gpiochip rw", "char-i2c rw" })
            if (!S("DeviceAllow").Contains(device)) problems.Add($"DeviceAllow={device} is missing");
        return problems;
    }
}
