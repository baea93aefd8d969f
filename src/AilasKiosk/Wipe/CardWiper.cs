using AilasKiosk.Card;
using AilasKiosk.Journal;
using AilasKiosk.Platform;

namespace AilasKiosk.Wipe;

/// <summary>
/// The only code that deletes anything from a card. It deletes a file only when the journal holds this
/// session's verified record for it (hashes compared with the stored object, source re-read), its camera is
/// registered (a quarantined image stays until it is filed under its label), and the file on the card is
/// still exactly as planned (same size and modification time). Anything else is refused.
/// </summary>
internal sealed class CardWiper(OffloadJournal journal)
{
    public WipeResult Wipe(string sessionId, CardFile file)
    {
        var proof = journal.FindVerified(sessionId, file.RelativePath);
        if (proof is null)
            return WipeResult.Refused("no verified record in the journal");
        if (proof.IsQuarantined)
            return WipeResult.Refused($"camera {proof.CameraSerial} is not registered: kept on the card until it is");
        if (proof.Size != file.Size)
            return WipeResult.Refused($"journal size {proof.Size} differs from planned size {file.Size}");

        var now = Posix.StatNoFollow(file.FullPath);
        if (now.Kind == Posix.FileKind.Missing)
            return WipeResult.Refused("already gone from the card");
        if (now.Kind != Posix.FileKind.Regular || now.Size != file.Size || now.LastWriteUtc != file.LastWriteUtc)
            return WipeResult.Refused("changed on the card since it was verified");

        File.Delete(file.FullPath);
        journal.RecordWiped(sessionId, file.RelativePath);
        CrashPoint.Reached(CrashPoint.Wiped);
        return WipeResult.Deleted;
    }

    /// <summary>Makes the deletions durable on the card before anyone is told it is safe to remove.</summary>
    public static void Flush(string cardRoot) => Posix.SyncFileSystem(cardRoot);
}

internal sealed record WipeResult(bool WasDeleted, string? Reason)
{
    public static readonly WipeResult Deleted = new(true, null);
    public static WipeResult Refused(string reason) => new(false, reason);
}
