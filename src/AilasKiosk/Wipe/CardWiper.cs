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
    /// <summary>Starts wiping one session's files; dispose it to journal the last deletions.</summary>
    public SessionWipe Begin(string sessionId) => new(journal, sessionId);

    /// <summary>Wipes one file and journals it at once.</summary>
    public WipeResult Wipe(string sessionId, CardFile file)
    {
        using var wipe = Begin(sessionId);
        return wipe.File(file);
    }

    /// <summary>Makes the deletions durable on the card before anyone is told it is safe to remove.</summary>
    public static void Flush(string cardRoot) => Posix.SyncFileSystem(cardRoot);

    /// <summary>
    /// The deletions of one session. Their "wiped" marks are journaled in batches, one commit (one fsync) per
    /// <see cref="MarksPerCommit"/> files rather than per file: 15,000 fsyncs on a Pi's SD card kept the crew
    /// waiting minutes after the last upload. A mark is bookkeeping, not permission: the permission is the
    /// verified record, durable before any deletion. A crash before a batch is committed leaves verified files
    /// that are gone from the card, which is what they are.
    /// </summary>
    internal sealed class SessionWipe(OffloadJournal journal, string sessionId) : IDisposable
    {
        public const int MarksPerCommit = 256;
        private readonly List<string> _unmarked = [];

        public WipeResult File(CardFile file)
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

            System.IO.File.Delete(file.FullPath);
            _unmarked.Add(file.RelativePath);
            CrashPoint.Reached(CrashPoint.Wiped);
            if (_unmarked.Count >= MarksPerCommit) Mark();
            return WipeResult.Deleted;
        }

        public void Dispose() => Mark();

        private void Mark()
        {
            if (_unmarked.Count == 0) return;
            journal.RecordWiped(sessionId, _unmarked);
            _unmarked.Clear();
        }
    }
}

internal sealed record WipeResult(bool WasDeleted, string? Reason)
{
    public static readonly WipeResult Deleted = new(true, null);
    public static WipeResult Refused(string reason) => new(false, reason);
}
