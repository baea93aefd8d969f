using AilasKiosk.Journal;
using AilasKiosk.Offload;
using AilasKiosk.Status;

namespace AilasKiosk.Daemon;

/// <summary>How a finished session shows on its slot: done, or which problem, and whether the card was changed.</summary>
internal static class OutcomeMapping
{
    /// <summary>Null means done (safe to remove, nothing wrong).</summary>
    public static SlotProblem? ProblemOf(OffloadReport report, bool isCameraCard)
    {
        var changed = report.Wiped > 0;
        return report.Outcome switch
        {
            OffloadOutcome.Completed => null,
            // An empty DCIM: a card offloaded earlier, or a freshly formatted one. Nothing to do is done.
            OffloadOutcome.NothingToDo => isCameraCard ? null
                : new SlotProblem(ProblemKind.NotACameraCard, "no DCIM images and no MISC/version.txt: not a GoPro card; left untouched", false),
            OffloadOutcome.UnknownCamera => new SlotProblem(ProblemKind.UnknownCamera, report.Message, changed, report.CameraSerial),
            OffloadOutcome.StorageUnreachable => new SlotProblem(ProblemKind.StorageUnreachable, report.Message, changed),
            OffloadOutcome.StorageRefused => new SlotProblem(
                report.StorageFailure is { } failure ? StorageProblems.Of(failure) : ProblemKind.StorageRefused, report.Message, changed),
            OffloadOutcome.Partial => new SlotProblem(ProblemKind.PartialFailure, report.Message, changed, $"{report.Failed} of {report.Planned} files"),
            OffloadOutcome.LeftOnCard => new SlotProblem(ProblemKind.PhotosLeftOnCard, report.Message, changed, LeftDetail(report)),
            OffloadOutcome.CardUnreadable => new SlotProblem(ProblemKind.CardReadError, report.Message, changed),
            OffloadOutcome.Interrupted => new SlotProblem(ProblemKind.CardPulledTooEarly, report.Message, changed),
            OffloadOutcome.KioskDiskFull => new SlotProblem(ProblemKind.KioskDiskFull, report.Message, changed),
            _ => new SlotProblem(ProblemKind.CardReadError, report.Message, changed),
        };
    }

    /// <summary>"1 photo", "3 photos"; "2 items" when a folder is among them (it may hold any number of photos).</summary>
    private static string LeftDetail(OffloadReport report)
    {
        var n = report.Left.Count;
        var noun = report.Left.Any(l => l.IsFolder) ? "item" : "photo";
        return n == 1 ? $"1 {noun}" : $"{n} {noun}s";
    }

    public static SlotResult ResultOf(OffloadReport r) =>
        new(r.Outcome.ToString(), r.Planned, r.Bytes, r.Verified, r.Wiped, r.Failed, Math.Round(r.Seconds, 1), r.ManifestKey);
}
