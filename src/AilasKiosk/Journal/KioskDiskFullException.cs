using Microsoft.Data.Sqlite;

namespace AilasKiosk.Journal;

/// <summary>
/// The kiosk's own state directory (journal, manifests, status) has no room left: no proof can be recorded, so
/// nothing more may be wiped. Not the card's fault nor the bucket's; freeing space on the kiosk is the cure, and
/// the card is then finished from what the journal already holds.
/// </summary>
internal sealed class KioskDiskFullException(string what, Exception inner)
    : Exception($"the kiosk's own disk is full: cannot write {what} ({inner.Message}); free space in the state directory", inner)
{
    /// <summary>SQLite's result code for "database or disk is full".</summary>
    public const int SqliteFull = 13;

    /// <summary>errno ENOSPC, which .NET on Linux gives as the IOException's HResult.</summary>
    public const int NoSpace = 28;

    /// <summary>
    /// True for the two ways a full disk surfaces: SQLITE_FULL (SQLite maps ENOSPC to it) and an IOException
    /// carrying ENOSPC. Anything else (a bug, a corrupt file) is not a full disk and must not be reported as one.
    /// </summary>
    public static bool IsDiskFull(Exception e) => e switch
    {
        SqliteException s => (s.SqliteErrorCode & 0xFF) == SqliteFull,
        IOException io => io.HResult == NoSpace,
        _ => false,
    };
}
