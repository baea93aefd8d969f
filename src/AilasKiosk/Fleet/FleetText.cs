using System.Globalization;
using System.Text;
using AilasKiosk.Status;

namespace AilasKiosk.Fleet;

/// <summary>
/// `ailas-kiosk fleet` for a person: one line per kiosk, the problems spelled out, then the cameras seen. Every
/// text that comes from the bucket goes through <see cref="Printable"/>: a status object may hold anything.
/// </summary>
internal static class FleetText
{
    public static string Render(FleetReport r)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{r.Kiosks.Count} kiosk(s) in {Printable.Of(r.Location)} ({Printable.Of(r.Prefix)}), {Utc(r.CheckedAt)}; silent after {FleetReport.Duration(TimeSpan.FromSeconds(r.SilentAfterSeconds))}");
        if (r.Kiosks.Count == 0)
        {
            text.AppendLine("No kiosk has written its status yet (a kiosk writes it once `ailas-kiosk run` has started and reached the storage).");
        }
        else
        {
            text.AppendLine();
            text.AppendLine(inv, $"{"KIOSK",-16} {"STATE",-10} {"LAST SEEN",-28} {"HEALTH",-22} {"SLOTS",-34} LAST CARD");
            foreach (var k in r.Kiosks)
                text.AppendLine(inv, $"{Cell(k.Id, 16),-16} {Verdict(k.Verdict),-10} {Cell(Seen(k), 28),-28} {Cell(Health(k), 22),-22} {Cell(Slots(k), 34),-34} {LastCard(k.LastSession)}");
        }

        var withProblems = r.Kiosks.Where(k => k.Problems.Count > 0).ToList();
        if (withProblems.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Needs attention:");
            foreach (var k in withProblems)
                foreach (var problem in k.Problems)
                    text.AppendLine(inv, $"  {Printable.Of(k.Id, 64)}: {Printable.Of(problem, 300)}");
        }

        text.AppendLine();
        if (r.Cameras.Count == 0)
        {
            text.AppendLine(inv, $"No camera seen in the last {r.Days} day(s).");
            return text.ToString();
        }
        text.AppendLine(inv, $"Cameras seen in the last {r.Days} day(s):");
        text.AppendLine(inv, $"  {"LABEL",-14} {"SERIAL",-18} {"LAST SEEN",-18} {"KIOSK",-16} {"CARDS",5} {"FILES",7} {"GB",7}");
        foreach (var c in r.Cameras)
            text.AppendLine(inv, $"  {Cell(c.Label ?? "UNKNOWN", 14),-14} {Cell(c.Serial ?? "?", 18),-18} {c.LastSeen.UtcDateTime,-18:yyyy-MM-dd HH:mm} {Cell(c.LastKiosk, 16),-16} {c.Sessions,5} {c.Files,7} {c.Bytes / 1e9,7:0.00}");
        var unknown = r.Cameras.Where(c => c.Unknown).ToList();
        if (unknown.Count > 0)
            text.AppendLine(inv, $"\n{unknown.Count} unknown camera(s): their images are quarantined under _unassigned/<serial>/ and kept on the card until the serial is registered (ailas-kiosk cameras add SERIAL LABEL).");
        return text.ToString();
    }

    private static string Verdict(KioskVerdict v) => v switch
    {
        KioskVerdict.Ok => "ok",
        KioskVerdict.Attention => "ATTENTION",
        KioskVerdict.Silent => "SILENT",
        KioskVerdict.Stopped => "STOPPED",
        _ => "UNREADABLE",
    };

    private static string Seen(FleetKiosk k) => k.LastSeen is not { } seen ? "never"
        : $"{seen.UtcDateTime:MM-dd HH:mm:ss} ({FleetReport.Duration(TimeSpan.FromSeconds(k.SilentSeconds ?? 0))} ago)";

    private static string Health(FleetKiosk k)
    {
        if (k.Health is not { } h) return "?";
        var failing = new[] { ("storage", h.Storage), ("clock", h.Clock), ("disk", h.Disk) }.Where(c => c.Item2.State != CheckState.Ok)
            .Select(c => $"{c.Item1} {(c.Item2.State == CheckState.Failing ? "FAILING" : "?")}").ToList();
        return failing.Count == 0 ? "healthy" : string.Join(", ", failing);
    }

    private static string Slots(FleetKiosk k) => k.Slots.Count == 0 ? "ready"
        : string.Join(", ", k.Slots.Select(s => $"{s.Slot} {(s.Problem is { } p ? p.ToString() : s.Phase.ToString().ToLowerInvariant())}"));

    private static string LastCard(RecentSession? s) => s is null ? "-"
        : Printable.Of($"{s.CameraLabel ?? $"unknown {s.CameraSerial}"}, {s.Files} files, {s.Outcome}, {s.FinishedAt.UtcDateTime:yyyy-MM-dd HH:mm}", 80);

    /// <summary>A table cell: printable, cut to its width.</summary>
    private static string Cell(string value, int width)
    {
        var safe = Printable.Of(value, width * 2);
        return safe.Length <= width ? safe : safe[..(width - 1)] + "…";
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
