using System.Globalization;
using AilasKiosk.Crew.Leds;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Status;
using DisplayProblem = AilasKiosk.Crew.Screens.ProblemKind;
using StatusProblem = AilasKiosk.Status.ProblemKind;

namespace AilasKiosk.Crew;

/// <summary>
/// What the crew sees of a status snapshot: the LED signal and the screen. With several readers, both show the
/// most urgent slot — a problem before work in progress before a finished card — so nobody pulls a card that is
/// still being read because another one is done.
/// </summary>
internal static class CrewView
{
    public static LedSignal SignalFor(KioskSnapshot s) => MostUrgent(s) is { } slot ? SignalFor(slot)
        : s.Health.Clock.State == CheckState.Failing ? LedSignal.WaitingForClock
        : s.Health.Storage.State == CheckState.Failing ? LedSignal.StorageDownIdle
        : LedSignal.Ready;

    public static ScreenState ScreenFor(KioskSnapshot s) => s.Slots.Count switch
    {
        0 => new ScreenState.Idle(s.IpAddress, s.Health.Storage.State != CheckState.Failing, LastCardLine(s.LastCard)),
        1 => ScreenFor(s.Slots[0]),
        _ => new ScreenState.Several(s.Slots.OrderByDescending(Urgency).ThenBy(x => x.Slot, StringComparer.Ordinal).Select(LineFor).ToList()),
    };

    /// <summary>One reader's line when several hold cards: its label and a word or a percentage.</summary>
    public static SlotLine LineFor(SlotStatus slot)
    {
        var label = slot.CameraLabel ?? slot.CameraSerial ?? slot.Card?.VolumeLabel ?? slot.Slot;
        return ScreenFor(slot) switch
        {
            ScreenState.Done => new SlotLine(label, "DONE, PULL", false),
            ScreenState.Problem p => new SlotLine(label, ShortWord(p.Kind), true),
            ScreenState.Working { Phase: WorkPhase.Uploading } w when ScreenRenderer.Percent(w) is { } percent =>
                new SlotLine(label, string.Create(CultureInfo.InvariantCulture, $"{percent}%"), false),
            ScreenState.Working w => new SlotLine(label, w.Phase switch
            {
                WorkPhase.Identifying => "READING",
                WorkPhase.Uploading => "UPLOADING",
                WorkPhase.Verifying => "VERIFYING",
                _ => "CLEARING",
            }, false),
            _ => new SlotLine(label, "", false),
        };
    }

    /// <summary>The slot the LEDs and the display speak for; null when no card is in.</summary>
    public static SlotStatus? MostUrgent(KioskSnapshot s) =>
        s.Slots.OrderByDescending(Urgency).ThenBy(x => x.Slot, StringComparer.Ordinal).FirstOrDefault();

    private static int Urgency(SlotStatus slot) => SignalFor(slot) switch
    {
        LedSignal.ProblemCardPartlyOffloaded => 6,
        LedSignal.ProblemCardUntouched => 5,
        LedSignal.UnknownCamera => 4,
        LedSignal.WaitingForClock => 3,
        LedSignal.Working => 2,
        LedSignal.SafeToRemove => 1,
        _ => 0,
    };

    public static LedSignal SignalFor(SlotStatus slot) => slot.Phase switch
    {
        SlotPhase.Done => LedSignal.SafeToRemove,
        SlotPhase.Problem => slot.Problem switch
        {
            { Kind: StatusProblem.WaitingForClock or StatusProblem.StorageCertificateNotYetValid } => LedSignal.WaitingForClock,
            { Kind: StatusProblem.UnknownCamera, CardChanged: false } => LedSignal.UnknownCamera,
            { CardChanged: true } => LedSignal.ProblemCardPartlyOffloaded,
            _ => LedSignal.ProblemCardUntouched,
        },
        SlotPhase.Ready => LedSignal.Ready,
        _ => LedSignal.Working,
    };

    public static ScreenState ScreenFor(SlotStatus slot)
    {
        var label = slot.CameraLabel ?? slot.CameraSerial ?? slot.Card?.VolumeLabel ?? "Card";
        switch (slot.Phase)
        {
            case SlotPhase.Done:
                return new ScreenState.Done(label, slot.Result?.Verified ?? 0, slot.Result?.Bytes ?? 0);
            case SlotPhase.Problem when slot.Problem is { } p:
                return new ScreenState.Problem(Map(p.Kind), p.Detail, p.CardChanged);
            case SlotPhase.Ready:
                return new ScreenState.Idle(null, true, null);
            default:
                var progress = slot.Progress;
                var phase = slot.Phase switch
                {
                    SlotPhase.Uploading => WorkPhase.Uploading,
                    SlotPhase.Verifying => WorkPhase.Verifying,
                    SlotPhase.Wiping or SlotPhase.Ejecting => WorkPhase.Wiping,
                    _ => WorkPhase.Identifying,
                };
                return new ScreenState.Working(label, phase, progress?.FilesDone ?? 0, progress?.FilesTotal ?? 0,
                    progress?.BytesDone ?? 0, progress?.BytesTotal ?? 0, progress?.MegabytesPerSecond, progress?.Eta);
        }
    }

    /// <summary>A problem in ten characters or fewer, for a line of the several-cards screen.</summary>
    public static string ShortWord(DisplayProblem kind) => kind switch
    {
        DisplayProblem.StorageUnreachable => "NO STORAGE",
        DisplayProblem.StorageRefused => "REFUSED",
        DisplayProblem.StorageFull => "FULL",
        DisplayProblem.StorageUntrusted => "UNTRUSTED",
        DisplayProblem.StorageWrongName => "CERT NAME",
        DisplayProblem.StorageCertificateExpired => "CERT EXP",
        DisplayProblem.StorageCertificateNotYetValid => "CERT CLOCK",
        DisplayProblem.WaitingForClock => "CLOCK",
        DisplayProblem.UnknownCamera => "UNKNOWN",
        DisplayProblem.NotACameraCard => "NOT GOPRO",
        DisplayProblem.CardReadError => "READ ERROR",
        DisplayProblem.CardPulledTooEarly => "PULLED",
        DisplayProblem.KioskDiskFull => "KIOSK FULL",
        DisplayProblem.PhotosLeftOnCard => "LEFT, KEEP",
        _ => "FAILED",
    };

    /// <summary>Same kinds on both sides; the screen's enum keeps the display free of the daemon's types.</summary>
    public static DisplayProblem Map(StatusProblem kind) => kind switch
    {
        StatusProblem.StorageUnreachable => DisplayProblem.StorageUnreachable,
        StatusProblem.StorageRefused => DisplayProblem.StorageRefused,
        StatusProblem.StorageFull => DisplayProblem.StorageFull,
        StatusProblem.StorageUntrusted => DisplayProblem.StorageUntrusted,
        StatusProblem.StorageWrongName => DisplayProblem.StorageWrongName,
        StatusProblem.StorageCertificateExpired => DisplayProblem.StorageCertificateExpired,
        StatusProblem.StorageCertificateNotYetValid => DisplayProblem.StorageCertificateNotYetValid,
        StatusProblem.WaitingForClock => DisplayProblem.WaitingForClock,
        StatusProblem.UnknownCamera => DisplayProblem.UnknownCamera,
        StatusProblem.NotACameraCard => DisplayProblem.NotACameraCard,
        StatusProblem.CardReadError => DisplayProblem.CardReadError,
        StatusProblem.CardPulledTooEarly => DisplayProblem.CardPulledTooEarly,
        StatusProblem.PartialFailure => DisplayProblem.PartialFailure,
        StatusProblem.KioskDiskFull => DisplayProblem.KioskDiskFull,
        StatusProblem.PhotosLeftOnCard => DisplayProblem.PhotosLeftOnCard,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>"AILAS-07 · 312 photos · 14:02" (local time of the kiosk).</summary>
    public static string? LastCardLine(LastCard? last) => last is null ? null
        : string.Create(CultureInfo.InvariantCulture, $"{last.Label} · {last.Files} photos · {last.FinishedAt.ToLocalTime():HH:mm}");
}
