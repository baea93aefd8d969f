using System.Globalization;

namespace AilasKiosk.Status;

/// <summary>The kiosk in one line, for `systemctl status` and logs: "2 cards: sda1 uploading 45%, sdb1 done; storage OK".</summary>
internal static class StatusLine
{
    public static string Of(KioskSnapshot s)
    {
        var health = s.Health.Healthy ? "healthy"
            : string.Join(", ", new[] { ("storage", s.Health.Storage), ("clock", s.Health.Clock), ("disk", s.Health.Disk) }
                .Where(c => c.Item2.State != CheckState.Ok)
                .Select(c => $"{c.Item1} {(c.Item2.State == CheckState.Unknown ? "not checked yet" : "failing")}"));
        if (s.Slots.Count == 0)
            return $"ready, no card; {health}";
        return string.Join(", ", s.Slots.Select(Describe)) + "; " + health;
    }

    public static string Describe(SlotStatus slot)
    {
        var who = slot.CameraLabel is { } label ? $"{slot.Slot} ({label})" : slot.Slot;
        return slot.Phase switch
        {
            SlotPhase.Uploading when slot.Progress is { FilesTotal: > 0 } p =>
                string.Create(CultureInfo.InvariantCulture, $"{who} uploading {p.FilesDone}/{p.FilesTotal}"),
            SlotPhase.Problem when slot.Problem is { } problem => $"{who} {problem.Kind}",
            _ => $"{who} {slot.Phase.ToString().ToLowerInvariant()}",
        };
    }
}
