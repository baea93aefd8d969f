using System.Globalization;
using System.Text.Json;
using AilasKiosk.Configuration;
using AilasKiosk.Status;
using Microsoft.Extensions.Configuration;

namespace AilasKiosk.Cli;

/// <summary>
/// `ailas-kiosk status [--json]`: what the daemon is doing now — each slot, storage, clock, disk — read from the
/// status file it keeps current. Exit <see cref="ExitCodes.Ok"/> when the daemon runs and all is well,
/// <see cref="ExitCodes.NotRunning"/> when it is not running, <see cref="ExitCodes.NeedsAttention"/> when it runs but
/// something needs a maintainer (a failing check or a slot with a problem).
/// </summary>
internal static class StatusCommand
{
    public static int Run(string? configFile, bool json)
    {
        var state = new StateOptions();
        KioskConfiguration.BuildRoot(configFile).GetSection("State").Bind(state);
        var path = StatusFile.PathIn(state.Directory);
        // The file's age counts from when it is read, not from when this process has parsed it: starting .NET and
        // its JSON serializer can take seconds on a slow machine (found under QEMU, where a healthy daemon was
        // reported NOT RUNNING), and those seconds are this command's, not the daemon's.
        var now = TimeProvider.System.GetUtcNow();
        KioskSnapshot? snapshot;
        try
        {
            snapshot = StatusFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            Console.Error.WriteLine($"ailas-kiosk: cannot read {path}: {e.Message}" + (e is UnauthorizedAccessException ? " (try with sudo)" : ""));
            return ExitCodes.NotRunning;
        }
        var running = snapshot is not null && IsRunning(snapshot, now);
        var exit = !running ? ExitCodes.NotRunning
            : !snapshot!.Health.Healthy || snapshot.Slots.Any(s => s.Phase == SlotPhase.Problem) ? ExitCodes.NeedsAttention
            : ExitCodes.Ok;

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { running, statusFile = path, snapshot }, StatusFile.Json));
            return exit;
        }
        if (snapshot is null)
        {
            Console.Out.WriteLine($"The daemon has not run here (no {path}). Start it: sudo systemctl start ailas-kiosk");
            return exit;
        }
        Print(snapshot, running, now);
        return exit;
    }

    /// <summary>
    /// The file was written within <see cref="StatusFile.StaleAfter"/> (the service's watchdog period) and its
    /// writer is alive: a dead daemon leaves an old file behind. Freshness is the write time, not the last change:
    /// an idle kiosk's model does not change for hours.
    /// </summary>
    public static bool IsRunning(KioskSnapshot snapshot, DateTimeOffset now) =>
        now - snapshot.LastSeen < StatusFile.StaleAfter && Directory.Exists($"/proc/{snapshot.ProcessId}");

    private static void Print(KioskSnapshot s, bool running, DateTimeOffset now)
    {
        var local = (DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Console.Out.WriteLine(running
            ? $"AilasKiosk {s.KioskId} {s.Version}: running since {local(s.StartedAt)} (pid {s.ProcessId})"
            : $"AilasKiosk {s.KioskId}: NOT RUNNING — last seen {local(s.LastSeen)}. See: journalctl -u ailas-kiosk -e");
        Console.Out.WriteLine();
        Check("storage", s.Health.Storage);
        Check("clock", s.Health.Clock);
        Check("disk", s.Health.Disk);
        Console.Out.WriteLine();
        if (s.Slots.Count == 0)
            Console.Out.WriteLine("No card in any reader: ready.");
        foreach (var slot in s.Slots)
            Console.Out.WriteLine(SlotLine(slot, now));
        if (s.LastCard is { } last)
            Console.Out.WriteLine($"\nLast card: {last.Label}, {last.Files} files, {last.Bytes / 1e9:0.00} GB, {local(last.FinishedAt)} ({last.Outcome})");
        if (!running)
            Console.Out.WriteLine("\n(the slots above are as the daemon last saw them)");
    }

    private static void Check(string name, HealthCheck check) =>
        Console.Out.WriteLine($"  {name,-8} {(check.State switch { CheckState.Ok => "OK", CheckState.Failing => "FAILING", _ => "?" }),-8} {check.Detail}");

    public static string SlotLine(SlotStatus slot, DateTimeOffset now)
    {
        var since = now - slot.Since;
        var head = $"  {slot.Slot,-10} {slot.Phase.ToString().ToLowerInvariant(),-12} {slot.CameraLabel ?? slot.CameraSerial ?? "",-12}";
        var card = slot.Card is { } c ? $" {c.Device} {c.FileSystem} \"{c.VolumeLabel}\"" : "";
        var detail = slot.Phase switch
        {
            SlotPhase.Uploading or SlotPhase.Verifying or SlotPhase.Wiping when slot.Progress is { } p =>
                string.Create(CultureInfo.InvariantCulture, $" {p.FilesDone}/{p.FilesTotal} files, {p.BytesDone / 1e9:0.00}/{p.BytesTotal / 1e9:0.00} GB")
                + (p.MegabytesPerSecond is { } r ? string.Create(CultureInfo.InvariantCulture, $", {r:0.0} MB/s") : "")
                + (p.Eta is { } eta ? $", ETA {eta:h\\:mm\\:ss}" : ""),
            SlotPhase.Problem when slot.Problem is { } problem =>
                $" {problem.Kind}: {problem.Message} — card {(problem.CardChanged ? "partly wiped (verified files only)" : "untouched")}",
            SlotPhase.Done when slot.Result is { } r => $" {r.Verified} verified, {r.Wiped} wiped: safe to remove",
            _ => "",
        };
        return $"{head}{detail}{card}  ({since.TotalSeconds:0} s{(slot.Session is { } id ? $", session {id}" : "")})";
    }
}
