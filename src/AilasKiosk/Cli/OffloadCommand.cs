using System.Text.Json;
using AilasKiosk.Configuration;
using AilasKiosk.Daemon;
using AilasKiosk.Journal;
using AilasKiosk.Notify;
using AilasKiosk.Offload;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Cli;

/// <summary>`ailas-kiosk offload CARD-ROOT [--json]`: one already-mounted card, with the daemon's engine, then exit.</summary>
internal static class OffloadCommand
{
    /// <param name="volumeUuid">The card's file-system serial, as udev reports it (ID_FS_UUID): with it, files an earlier
    /// session of this card proved, and unchanged since, are not read again.</param>
    public static async Task<int> RunAsync(IHost host, string cardRoot, bool json, string? volumeLabel, string? volumeUuid,
        CancellationToken cancellationToken)
    {
        // The session begins here: the lines of the registry's read below are this card's work too, and carry its id.
        var sessionId = OffloadEngine.NewSessionId(host.Services.GetRequiredService<TimeProvider>());
        // The shared registry as the daemon would know it: its last copy, then one bounded read of the bucket's.
        if (host.Services.GetService<Identify.SharedRegistrySync>() is { } shared)
        {
            var log = host.Services.GetRequiredService<ILogger<Identify.SharedRegistrySync>>();
            using var scope = log.BeginScope(new Dictionary<string, object> { ["Session"] = sessionId });
            shared.LoadCopy();
            await shared.SyncAsync(cancellationToken);
        }
        var engine = host.Services.GetRequiredService<OffloadEngine>();
        var report = await engine.RunAsync(cardRoot, cancellationToken, volumeLabel, sessionId: sessionId, cardUuid: volumeUuid);
        var exitCode = ExitCodes.For(report);
        await ReportAsync(host, report);
        host.Dispose(); // flushes the log sinks before the summary is printed

        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(report, exitCode)));
        else
            PrintSummary(report, exitCode);
        return exitCode;
    }

    /// <summary>
    /// The webhook's reports, once the card is done: queued, then given at most one attempt's time before exit. A session
    /// stopped by SIGTERM or Ctrl+C is not finished (running again resumes it) and is not reported.
    /// </summary>
    private static async Task ReportAsync(IHost host, OffloadReport report)
    {
        var notifier = host.Services.GetRequiredService<INotifier>();
        if (report.Outcome != OffloadOutcome.Interrupted)
        {
            var problem = OutcomeMapping.ProblemOf(report, isCameraCard: true);
            notifier.SessionEnded(report, problem, slot: null);
            if (problem is not null)
                notifier.ProblemRaised(problem, report.SessionId, slot: null, new CameraRef(report.CameraLabel, report.CameraSerial));
        }
        await notifier.CloseAsync(NotifierShutdown.FlushLimit(host.Services.GetRequiredService<KioskOptions>().Notify));
    }

    private static void PrintSummary(OffloadReport r, int exitCode)
    {
        Console.Out.WriteLine();
        Console.Out.WriteLine($"{r.Outcome}: {r.Message}");
        if (r.CameraSerial is not null)
            Console.Out.WriteLine($"  camera     {r.CameraLabel ?? "(unregistered)"}  serial {r.CameraSerial}");
        Console.Out.WriteLine($"  files      {r.Planned} planned, {r.Uploaded} uploaded, {r.AlreadyPresent} already there, {r.Verified} verified, {r.Wiped} wiped, {r.Failed} failed"
            + (r.Quarantined > 0 ? $", {r.Quarantined} of unregistered cameras kept" : ""));
        Console.Out.WriteLine($"  data       {r.Bytes / 1e6:0.0} MB in {r.Seconds:0.0} s ({(r.Seconds > 0 ? r.Bytes / 1e6 / r.Seconds : 0):0.0} MB/s)");
        foreach (var left in r.Left)
            Console.Out.WriteLine($"  left       {left.Path}: {left.Reason}");
        if (r.ManifestKey is not null)
            Console.Out.WriteLine($"  manifest   {r.ManifestKey}");
        Console.Out.WriteLine($"  session    {r.SessionId}   exit code {exitCode}");
    }

    public static OffloadJson ToJson(OffloadReport r, int exitCode) => new(
        r.Outcome.ToString(), exitCode, r.Message, r.SessionId, r.CameraLabel, r.CameraSerial, r.Planned, r.Uploaded, r.AlreadyPresent,
        r.Verified, r.Wiped, r.Failed, r.Quarantined, r.Bytes, Math.Round(r.Seconds, 3), r.ManifestKey, r.Warnings)
    {
        LeftOnCard = [.. r.Left.Select(l => new LeftJson(l.Path, l.Reason))],
    };
}

/// <summary>An entry the kiosk did not take, in the `--json` result.</summary>
internal sealed record LeftJson(string Path, string Reason);

/// <summary>The `--json` result: the last line of stdout.</summary>
internal sealed record OffloadJson(
    string Outcome, int ExitCode, string Message, string? Session, string? Label, string? Serial, int Planned, int Uploaded,
    int AlreadyPresent, int Verified, int Wiped, int Failed, int Quarantined, long Bytes, double Seconds, string? ManifestKey, IReadOnlyList<string> Warnings)
{
    /// <summary>What looked like a photo and is still on the card, with why: empty when the card is done.</summary>
    public IReadOnlyList<LeftJson> LeftOnCard { get; init; } = [];
}
