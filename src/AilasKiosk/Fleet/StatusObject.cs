using System.Text.Json;
using System.Text.Json.Serialization;
using AilasKiosk.Status;

namespace AilasKiosk.Fleet;

/// <summary>
/// A kiosk's status as stored in the bucket (<c>_kiosks/&lt;id&gt;/status.json</c>): the daemon's snapshot (the model the
/// local status file holds: health, slots, recent sessions), its uptime, and a schema number for readers.
/// </summary>
/// <param name="StoppedAt">Set in the last object a daemon writes as it stops cleanly (a shutdown, a reboot, `systemctl stop`),
/// so that `fleet` tells a kiosk switched off from one that died or lost its network.</param>
internal sealed record StatusObject(int Schema, double UptimeSeconds, KioskSnapshot Kiosk, DateTimeOffset? StoppedAt = null)
{
    public const int CurrentSchema = 1;

    /// <summary>The most `fleet` reads of one object: ten sessions with their warnings and a few slots take a few KiB.</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Writing = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reading what any holder of a bucket key may have written: nulls where the model has none are refused.</summary>
    private static readonly JsonSerializerOptions Reading = new(Writing)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = 16,
    };

    public static StatusObject Of(KioskSnapshot snapshot, DateTimeOffset now, bool stopping = false) =>
        new(CurrentSchema, Math.Max(0, Math.Round((now - snapshot.StartedAt).TotalSeconds)), snapshot with { WrittenAt = now },
            stopping ? now : null);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Writing);

    /// <summary>The object parsed and checked, or why it cannot be: never throws for any bytes.</summary>
    public static StatusObject? Parse(ReadOnlySpan<byte> json, out string? error)
    {
        StatusObject? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<StatusObject>(json, Reading);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            error = $"not a kiosk status object ({e.GetType().Name}: {e.Message})";
            return null;
        }
        error = parsed is null ? "not a kiosk status object (null)"
            : parsed.Schema != CurrentSchema ? $"schema {parsed.Schema}, this version reads {CurrentSchema}"
            : Incomplete(parsed.Kiosk);
        return error is null ? parsed : null;
    }

    /// <summary>What the serializer does not check: null elements of lists, nested records left null.</summary>
    private static string? Incomplete(KioskSnapshot k)
    {
        if (k.Health is not { Storage: not null, Clock: not null, Disk: not null })
            return "its health is incomplete";
        if (k.Slots.Any(s => s is null || s.Slot is null))
            return "a slot is empty";
        if (k.RecentSessions?.Any(s => s is null || s.Outcome is null || s.Warnings is null || s.Warnings.Any(w => w is null)) == true)
            return "a session is incomplete";
        return null;
    }
}
