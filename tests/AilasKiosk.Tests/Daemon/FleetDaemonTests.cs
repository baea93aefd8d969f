using System.Diagnostics;
using AilasKiosk.Cli;
using AilasKiosk.Status;
using AilasKiosk.Storage;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// Two `ailas-kiosk run` daemons with their own ids and state directories publish their status to radosgw; `fleet`
/// lists both, shows a slot problem of one (a card of an unknown camera, on a loop device through FUSE), and marks
/// the other silent once it has been SIGKILLed (a short --silent-after: the daemons write every 5 s).
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public sealed class FleetDaemonTests
{
    [Fact]
    public async Task Fleet_shows_two_daemons_a_slot_problem_and_the_one_killed_as_silent()
    {
        using var stateA = new TempDirectory();
        using var stateB = new TempDirectory();
        var prefix = $"_fleet{Guid.NewGuid():N}"[..14] + "/";
        KioskSettings Settings(TempDirectory state, string id, string serial) =>
            DaemonProcess.ForThisMachine(new KioskSettings(Radosgw.Instance, state.Path, serial, KioskSettings.NewLabel("FLEETD")))
                .With("KioskId", id).With("Fleet:StatusPrefix", prefix).With("Fleet:PublishSeconds", "5").With("Fleet:MinGapSeconds", "0.5");
        // Each its own readers: the card goes to kiosk-b alone.
        var settingsA = Settings(stateA, "kiosk-a", "C3471325208981").With("Cards:Readers:0", $"loop:{Path.GetTempPath()}ailas-fleet-a-*");
        var settingsB = Settings(stateB, "kiosk-b", "C3471325208982").With("Cameras:C3471325208982", null)
            .With("Cards:Readers:0", $"loop:{Path.GetTempPath()}ailas-fleet-b-*");
        using var card = DaemonCard.Create(TestCard.Small(settingsB.Serial, photos: 2, seed: 82), directoryPrefix: "ailas-fleet-b");
        await using var daemonA = DaemonProcess.Start(settingsA);
        await using var daemonB = DaemonProcess.Start(settingsB);
        await daemonA.WaitForAsync(s => s.Health.Healthy, "kiosk-a healthy");
        await daemonB.WaitForAsync(s => s.Health.Healthy, "kiosk-b healthy");
        using var store = new MinioObjectStore(settingsA.Bind().Storage);

        var (exit, output) = await WaitForFleetAsync(store, prefix, TimeSpan.FromMinutes(5),
            o => Line(o, "kiosk-a")?.Contains(" ok ") == true && Line(o, "kiosk-b")?.Contains(" ok ") == true, "both kiosks ok");
        Assert.Equal(ExitCodes.Ok, exit);

        card.Insert();
        await daemonB.WaitForAsync(s => s.Slots.Any(x => x.Problem?.Kind == ProblemKind.UnknownCamera), "unknown camera shown");
        (exit, output) = await WaitForFleetAsync(store, prefix, TimeSpan.FromMinutes(5),
            o => Line(o, "kiosk-b")?.Contains("UnknownCamera") == true, "kiosk-b's slot problem in the fleet");
        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        Assert.Contains("ATTENTION", Line(output, "kiosk-b"));
        Assert.Contains("UNKNOWN", output);
        Assert.Contains(settingsB.Serial, output);
        Assert.DoesNotContain($"Mounted {card.DevicePath} at", daemonA.Log);

        Assert.Equal(0, Signals.Send(daemonA.Id, 9));
        (exit, output) = await WaitForFleetAsync(store, prefix, TimeSpan.FromSeconds(8),
            o => Line(o, "kiosk-a")?.Contains("SILENT") == true, "kiosk-a silent after its SIGKILL");
        Assert.Equal(ExitCodes.FleetNeedsAttention, exit);
        Assert.DoesNotContain("SILENT", Line(output, "kiosk-b"));
        card.Remove();
    }

    private static string? Line(string output, string id) => output.Split('\n').FirstOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal));

    /// <summary>Runs `fleet` (in process, real clock) until its table satisfies <paramref name="condition"/>, for at most two minutes.</summary>
    private static async Task<(int Exit, string Output)> WaitForFleetAsync(IBucketDocuments store, string prefix, TimeSpan silentAfter,
        Func<string, bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var output = new StringWriter();
            var exit = await FleetCommand.RunAsync(store, prefix, json: false, silentAfter, FleetCommand.DefaultDays, TimeProvider.System, output,
                TextWriter.Null, CancellationToken.None);
            if (condition(output.ToString()))
                return (exit, output.ToString());
            if (waited.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException($"fleet never showed {what}:\n{output}");
            await Task.Delay(500); // polling a condition on the bucket, bounded above
        }
    }
}
