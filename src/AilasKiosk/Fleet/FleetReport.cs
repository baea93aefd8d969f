using System.Text.Json.Serialization;
using AilasKiosk.Status;

namespace AilasKiosk.Fleet;

/// <summary>How a kiosk stands in the fleet; anything but <see cref="Ok"/> makes `fleet` exit non-zero.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KioskVerdict>))]
internal enum KioskVerdict
{
    /// <summary>Written recently, healthy, no slot with a problem.</summary>
    Ok,
    /// <summary>Written recently, but a health check fails or a slot has a problem.</summary>
    Attention,
    /// <summary>Not written for longer than the threshold: killed, hung, cut off, without power, or its clock is wrong.</summary>
    Silent,
    /// <summary>Its daemon stopped cleanly (a shutdown, a reboot, `systemctl stop`) and said so in its last status.</summary>
    Stopped,
    /// <summary>Its status object cannot be read: not JSON, too large, another kiosk's id, another schema.</summary>
    Unreadable,
}

internal sealed record FleetSlot(string Slot, SlotPhase Phase, string? Camera, ProblemKind? Problem, string? Message, DateTimeOffset Since);

/// <param name="LastSeen">When the kiosk last wrote: the earlier of its own stamp and the server's Last-Modified (a clock set in the future cannot keep a dead kiosk alive).</param>
internal sealed record FleetKiosk(
    string Id,
    string Key,
    KioskVerdict Verdict,
    DateTimeOffset? LastSeen,
    double? SilentSeconds,
    string? Version,
    DateTimeOffset? StartedAt,
    double? UptimeSeconds,
    HealthReport? Health,
    IReadOnlyList<FleetSlot> Slots,
    RecentSession? LastSession,
    IReadOnlyList<string> Problems);

/// <summary>A camera seen in the kiosks' recent sessions; <see cref="Unknown"/>: not registered, its images quarantined.</summary>
internal sealed record FleetCamera(string? Label, string? Serial, bool Unknown, DateTimeOffset LastSeen, string LastKiosk, int Sessions, int Files, long Bytes);

/// <summary>Every kiosk's status from the bucket, judged at <see cref="CheckedAt"/>; what `ailas-kiosk fleet` prints.</summary>
internal sealed record FleetReport(
    DateTimeOffset CheckedAt,
    string Location,
    string Prefix,
    double SilentAfterSeconds,
    int Days,
    IReadOnlyList<FleetKiosk> Kiosks,
    IReadOnlyList<FleetCamera> Cameras)
{
    /// <summary>A kiosk is silent, reports a problem, or cannot be read.</summary>
    public bool NeedsAttention => Kiosks.Any(k => k.Verdict != KioskVerdict.Ok);

    public static FleetReport Of(IReadOnlyList<FoundStatus> found, DateTimeOffset now, TimeSpan silentAfter, int days, string location, string prefix)
    {
        var kiosks = found.Select(f => Judge(f, now, silentAfter)).OrderBy(k => k.Id, StringComparer.Ordinal).ToList();
        var since = now - TimeSpan.FromDays(days);
        var cameras = found.Where(f => f.Status is not null)
            .SelectMany(f => (f.Status!.Kiosk.RecentSessions ?? []).Select(s => (Kiosk: f.KioskId, Session: s)))
            .Where(x => x.Session.FinishedAt >= since && (x.Session.CameraLabel ?? x.Session.CameraSerial) is not null)
            .GroupBy(x => (x.Session.CameraLabel, x.Session.CameraSerial))
            .Select(g =>
            {
                var last = g.MaxBy(x => x.Session.FinishedAt);
                return new FleetCamera(g.Key.CameraLabel, g.Key.CameraSerial, g.Key.CameraLabel is null, last.Session.FinishedAt, last.Kiosk,
                    g.Count(), g.Sum(x => x.Session.Files), g.Sum(x => x.Session.Bytes));
            })
            .OrderBy(c => c.Unknown).ThenBy(c => c.Label, StringComparer.Ordinal).ThenBy(c => c.Serial, StringComparer.Ordinal)
            .ToList();
        return new FleetReport(now, location, prefix, silentAfter.TotalSeconds, days, kiosks, cameras);
    }

    private static FleetKiosk Judge(FoundStatus f, DateTimeOffset now, TimeSpan silentAfter)
    {
        if (f.Status is not { Kiosk: var k } status)
            return new FleetKiosk(f.KioskId, f.Key, KioskVerdict.Unreadable, f.StoredAt, null, null, null, null, null, [], null,
                [$"status object {f.Error ?? "unreadable"}"]);

        var written = k.WrittenAt ?? k.UpdatedAt;
        var lastSeen = f.StoredAt is { } stored && stored < written ? stored : written;
        var silentFor = now - lastSeen;
        var slots = k.Slots.Select(s => new FleetSlot(s.Slot, s.Phase, s.CameraLabel ?? s.CameraSerial, s.Problem?.Kind, s.Problem?.Message, s.Since)).ToList();
        var (verdict, problems) = status.StoppedAt is { } stopped
            // Its health and slots were those of a daemon going down: not problems of a kiosk that is off.
            ? (KioskVerdict.Stopped, new List<string>
            {
                $"stopped at {stopped.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, cleanly (a shutdown, a reboot or systemctl stop): it takes no cards until started again",
            })
            : Running(k, lastSeen, silentFor, silentAfter);
        return new FleetKiosk(f.KioskId, f.Key, verdict, lastSeen, Math.Round(Math.Max(0, silentFor.TotalSeconds)), k.Version, k.StartedAt,
            status.UptimeSeconds, k.Health, slots, k.RecentSessions is [var last, ..] ? last : null, problems);
    }

    /// <summary>A kiosk that has not said it stopped: silent, or its failing checks and slot problems.</summary>
    private static (KioskVerdict, List<string>) Running(KioskSnapshot k, DateTimeOffset lastSeen, TimeSpan silentFor, TimeSpan silentAfter)
    {
        var problems = new List<string>();
        if (silentFor > silentAfter)
            problems.Add($"silent for {Duration(silentFor)} (nothing written since {lastSeen.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");
        foreach (var (name, check) in new[] { ("storage", k.Health.Storage), ("clock", k.Health.Clock), ("disk", k.Health.Disk) })
            if (check.State == CheckState.Failing)
                problems.Add($"{name} failing: {check.Detail}");
        foreach (var slot in k.Slots.Where(s => s.Phase == SlotPhase.Problem))
            problems.Add($"slot {slot.Slot}: {slot.Problem?.Kind.ToString() ?? "problem"}{(slot.Problem is { } p ? $": {p.Message}" : "")}");
        return (silentFor > silentAfter ? KioskVerdict.Silent : problems.Count > 0 ? KioskVerdict.Attention : KioskVerdict.Ok, problems);
    }

    /// <summary>"45 s", "12 min", "3 h 20 min", "2 d 4 h".</summary>
    public static string Duration(TimeSpan t) => t.TotalSeconds < 90 ? $"{Math.Max(0, t.TotalSeconds):0} s"
        : t.TotalMinutes < 90 ? $"{t.TotalMinutes:0} min"
        : t.TotalHours < 48 ? $"{(int)t.TotalHours} h {t.Minutes} min"
        : $"{(int)t.TotalDays} d {t.Hours} h";
}
