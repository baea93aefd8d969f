using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Daemon;

/// <summary>What maintainers and systemd see of the daemon: notifications, watchdog pings, `status`.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public class DaemonOperabilityTests
{
    [Fact]
    public async Task Systemd_gets_ready_status_watchdog_pings_and_stopping_over_the_notify_socket()
    {
        using var state = new TempDirectory();
        var settings = DaemonProcess.ForThisMachine(new KioskSettings(Radosgw.Instance, state.Path, "C3471325208961", KioskSettings.NewLabel("NOTIFY")));
        var socketPath = Path.Combine(state.Path, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var messages = new List<string>();
        using var stop = new CancellationTokenSource();
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                lock (messages) messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
            }
        });
        List<string> Received() { lock (messages) return messages.ToList(); }

        await using var daemon = DaemonProcess.Start(settings, [KeyValuePair.Create("NOTIFY_SOCKET", socketPath), KeyValuePair.Create("WATCHDOG_USEC", "400000")]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Received().Count(m => m == "WATCHDOG=1") < 3 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Contains("READY=1", Received());
        Assert.True(Received().Count(m => m == "WATCHDOG=1") >= 3, string.Join(" | ", Received()));
        Assert.Contains(Received(), m => m.StartsWith("STATUS=", StringComparison.Ordinal) && m.Contains("no card", StringComparison.Ordinal));
        Assert.True(Received().IndexOf("READY=1") < Received().LastIndexOf("WATCHDOG=1"));

        Assert.Equal(0, await daemon.StopAsync());
        Assert.Contains("STOPPING=1", Received());
        await stop.CancelAsync();
        await receiving.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Status_says_running_and_healthy_then_not_running_once_stopped()
    {
        using var state = new TempDirectory();
        var settings = DaemonProcess.ForThisMachine(new KioskSettings(Radosgw.Instance, state.Path, "C3471325208962", KioskSettings.NewLabel("STATUS")));

        var never = await KioskProcess.RunAsync(settings.AsEnvironment(), "status");
        Assert.Equal(ExitCodes.NotRunning, never.ExitCode);
        Assert.Contains("has not run here", never.Stdout);

        await using (var daemon = DaemonProcess.Start(settings))
        {
            await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");
            var human = await KioskProcess.RunAsync(settings.AsEnvironment(), "status");
            Assert.True(human.ExitCode == ExitCodes.Ok, human.Stdout + human.Stderr);
            Assert.Contains("running since", human.Stdout);
            Assert.Contains("No card in any reader: ready.", human.Stdout);
            Assert.Matches(@"storage\s+OK", human.Stdout);

            var json = await KioskProcess.RunAsync(settings.AsEnvironment(), "status", "--json");
            using var doc = JsonDocument.Parse(json.Stdout);
            Assert.True(doc.RootElement.GetProperty("running").GetBoolean());
            Assert.Equal("Ok", doc.RootElement.GetProperty("snapshot").GetProperty("Health").GetProperty("Clock").GetProperty("State").GetString());
            Assert.Equal(daemon.Id, doc.RootElement.GetProperty("snapshot").GetProperty("ProcessId").GetInt32());
            Assert.Equal(0, await daemon.StopAsync());
        }

        var after = await KioskProcess.RunAsync(settings.AsEnvironment(), "status");
        Assert.Equal(ExitCodes.NotRunning, after.ExitCode);
        Assert.Contains("NOT RUNNING", after.Stdout);
    }

    [Fact]
    public async Task A_wrong_setting_stops_the_daemon_at_once_with_the_key_named()
    {
        using var state = new TempDirectory();
        var settings = DaemonProcess.ForThisMachine(new KioskSettings(Radosgw.Instance, state.Path, "C3471325208963", KioskSettings.NewLabel("BADCFG")))
            .With("Cards:Mount", "udisks");
        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "run");
        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.Contains("Cards:Mount", run.Stderr);
    }
}
