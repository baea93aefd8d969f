using System.Text.Json;
using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>`ailas-kiosk doctor`: every check OK or a sentence that fixes it.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class DoctorTests
{
    private sealed record Row(string Name, string Verdict, string Detail);

    private static async Task<(int ExitCode, Dictionary<string, Row> Checks)> Doctor(KioskSettings settings)
    {
        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "doctor", "--json");
        var rows = JsonSerializer.Deserialize<List<Row>>(run.Stdout.Trim().Split('\n')[^1])!;
        return (run.ExitCode, rows.ToDictionary(r => r.Name));
    }

    [Fact]
    public async Task A_healthy_kiosk_passes_storage_clock_journal_and_space()
    {
        using var state = new TempDirectory();
        var (exitCode, checks) = await Doctor(new KioskSettings(Radosgw.Instance, state.Path, "C3471325208997", "AILAS-97"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        foreach (var name in new[] { "configuration", "storage", "clock", "journal", "free space" })
            Assert.True(checks[name].Verdict == "Ok", $"{name}: {checks[name].Detail}");
        Assert.Contains("GPIO", checks.Keys); // a warning on this machine, OK on a Pi
    }

    [Fact]
    public async Task The_shared_camera_registry_is_counted_and_a_refused_one_is_a_warning_with_the_fix()
    {
        using var state = new TempDirectory();
        var key = $"_kiosk{Guid.NewGuid():N}"[..16] + "/cameras.json";
        var settings = new KioskSettings(Radosgw.Instance, state.Path, "C3471325208997", "AILAS-97").With("Registry:SharedKey", key);
        Assert.Contains("none in the bucket", (await Doctor(settings)).Checks["shared cameras"].Detail);

        await Radosgw.Instance.PutAsync(key, """{"Cameras": {"C3471325208998": "AILAS-98"}}"""u8.ToArray());
        var (exitCode, checks) = await Doctor(settings);
        Assert.Equal((ExitCodes.Ok, "Ok"), (exitCode, checks["shared cameras"].Verdict));
        Assert.Contains($"1 cameras in {key}", checks["shared cameras"].Detail);

        await Radosgw.Instance.PutAsync(key, """{"Cameras": {"C3471325208998": "../AILAS-98"}}"""u8.ToArray());
        (exitCode, checks) = await Doctor(settings);
        Assert.Equal((ExitCodes.Ok, "Warning"), (exitCode, checks["shared cameras"].Verdict));
        Assert.Contains("is refused by every kiosk", checks["shared cameras"].Detail);
        Assert.Contains("Fix: replace the object", checks["shared cameras"].Detail);
    }

    [Fact]
    public async Task The_webhook_is_checked_by_a_connection_alone_and_one_that_is_down_is_a_warning_never_showing_its_token()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(Radosgw.Instance, state.Path, "C3471325208997", "AILAS-97");
        Assert.DoesNotContain("webhook", (await Doctor(settings)).Checks.Keys); // off: nothing to check

        using (var listener = new Notify.WebhookListener())
        {
            var (exitCode, checks) = await Doctor(settings.With("Notify:WebhookUrl", listener.Url));
            Assert.Equal((ExitCodes.Ok, "Ok"), (exitCode, checks["webhook"].Verdict));
            Assert.Contains($"http://127.0.0.1:{listener.Port} takes connections", checks["webhook"].Detail);
            Assert.DoesNotContain("SECRET", checks["webhook"].Detail);
            Assert.Equal(0, listener.Attempts); // no request, not even begun: a receiver would take it for a real report
        }

        var (exit, down) = await Doctor(settings.With("Notify:WebhookUrl", Notify.WebhookListener.DownUrl()));
        Assert.Equal((ExitCodes.Ok, "Warning"), (exit, down["webhook"].Verdict));
        Assert.Contains("cannot be reached", down["webhook"].Detail);
        Assert.Contains("cards are not affected", down["webhook"].Detail);
        Assert.DoesNotContain("SECRET", down["webhook"].Detail);
    }

    [Fact]
    public async Task Wrong_credentials_fail_with_the_fix()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(Radosgw.Instance, state.Path, "C3471325208997", "AILAS-97").With("Storage:SecretKey", "wrong");

        var (exitCode, checks) = await Doctor(settings);

        Assert.Equal(ExitCodes.NeedsAttention, exitCode);
        Assert.Equal("Failed", checks["storage"].Verdict);
        Assert.Contains("check Storage:AccessKey and the secret", checks["storage"].Detail);
    }

    [Fact]
    public async Task A_broken_configuration_is_named()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(Radosgw.Instance, state.Path, "C3471325208997", "AILAS-97").With("Storage:Endpoint", "nowhere");

        var (exitCode, checks) = await Doctor(settings);

        Assert.Equal(ExitCodes.NeedsAttention, exitCode);
        Assert.Equal("Failed", checks["configuration"].Verdict);
        Assert.Contains("Storage:Endpoint", checks["configuration"].Detail);
    }

    [Fact]
    public async Task Doctor_judges_with_the_daemons_configured_limits()
    {
        // The same checks as the daemon, with Health:* as configured: a kiosk asking for more free space than
        // any disk has, (a terabyte), or a clock that must read after 2100, fails in doctor exactly as it would in the daemon.
        using var state = new TempDirectory();
        var settings = new KioskSettings(Radosgw.Instance, state.Path, "C3471325208997", "AILAS-97")
            .With("Health:MinFreeMegabytes", "1000000")
            .With("Health:NotBefore", "2100-01-01T00:00:00Z");

        var (exitCode, checks) = await Doctor(settings);

        Assert.Equal(ExitCodes.NeedsAttention, exitCode);
        Assert.Equal("Failed", checks["free space"].Verdict);
        Assert.Contains("under 1000000 MB", checks["free space"].Detail);
        Assert.Equal("Failed", checks["clock"].Verdict);
        Assert.Contains("2100-01-01", checks["clock"].Detail);
        Assert.Equal("Ok", checks["storage"].Verdict);
    }
}
