using System.Text.Json;
using System.Text.Json.Serialization;
using AilasKiosk.Offload;
using AilasKiosk.Status;

namespace AilasKiosk.Notify;

/// <summary>The camera a report is about: label null when the camera is not registered, serial null when none was found.</summary>
internal sealed record CameraRef(string? Label, string? Serial);

/// <summary>What happened to a session's files (OffloadReport's counts).</summary>
internal sealed record FileCounts(int Planned, int Uploaded, int AlreadyPresent, int Verified, int Wiped, int Failed, int Quarantined, int LeftOnCard);

/// <summary>
/// One finished session, as POSTed: <c>"type":"session"</c>. <see cref="Outcome"/> is the <c>OffloadOutcome</c>'s
/// name, as in `offload --json` and `history`; <see cref="Problem"/> the slot problem it shows as, when any.
/// </summary>
internal sealed record SessionReport(
    string Kiosk, DateTimeOffset At, string? Session, string? Slot, CameraRef Camera, string Outcome, ProblemKind? Problem,
    string Message, FileCounts Files, long Bytes, double Seconds, string? ManifestKey, IReadOnlyList<string> Warnings)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "session";
}

/// <summary>
/// A problem that needs a person, as POSTed: <c>"type":"problem"</c>, with the slot problem's kind, whether the
/// card was changed, the maintainer's message and the short fact the display shows.
/// </summary>
internal sealed record ProblemReport(
    string Kiosk, DateTimeOffset At, string? Session, string? Slot, CameraRef Camera, ProblemKind Problem, bool CardChanged,
    string Message, string? Detail)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "problem";
}

/// <summary>A report ready to send: its JSON body, and how log lines name it.</summary>
internal sealed record Notice(string Subject, string? Session, byte[] Body)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Notice Of(SessionReport r) =>
        new($"session report ({r.Outcome})", r.Session, JsonSerializer.SerializeToUtf8Bytes(r, Json));

    public static Notice Of(ProblemReport r) =>
        new($"problem report ({r.Problem})", r.Session, JsonSerializer.SerializeToUtf8Bytes(r, Json));

    /// <summary>
    /// The problems worth waking someone for: the crew cannot solve them at the kiosk. Not a certificate that is valid
    /// only from a later date: like the clock check's wait, that is most often a clock not synchronised yet, which
    /// fixes itself and the card with it.
    /// </summary>
    public static bool NeedsAPerson(ProblemKind kind) => kind is ProblemKind.UnknownCamera or ProblemKind.StorageRefused
        or ProblemKind.StorageFull or ProblemKind.CardPulledTooEarly or ProblemKind.KioskDiskFull
        or ProblemKind.StorageUntrusted or ProblemKind.StorageWrongName or ProblemKind.StorageCertificateExpired;

    public static FileCounts CountsOf(OffloadReport r) =>
        new(r.Planned, r.Uploaded, r.AlreadyPresent, r.Verified, r.Wiped, r.Failed, r.Quarantined, r.Left.Count);
}
