using Microsoft.Data.Sqlite;

namespace AilasKiosk.Journal;

/// <summary>
/// The journal's schema version (SQLite's user_version) and the migrations that bring an older journal up to it.
/// The .deb keeps the journal across upgrades, so a new release meets journals of every earlier one; a journal of
/// a later release (a downgrade) is refused, never rewritten. Each migration runs in its own transaction with the
/// version bump: a power cut leaves the journal at the version before or after, never in between.
/// </summary>
internal static class JournalSchema
{
    private sealed record Migration(int Version, string Purpose, string Sql);

    /// <summary>In order; a migration is never edited once released (journals in the field have run it): add one.</summary>
    private static readonly Migration[] Migrations =
    [
        // Exactly the schema of the releases before versioning, which created it with user_version left at 0.
        new(1, "the sessions and files tables", """
            CREATE TABLE IF NOT EXISTS sessions(
                id TEXT PRIMARY KEY,
                kiosk TEXT NOT NULL,
                card_root TEXT NOT NULL,
                camera_serial TEXT, camera_label TEXT, camera_model TEXT, camera_firmware TEXT, camera_source TEXT,
                started_utc TEXT NOT NULL,
                ended_utc TEXT,
                outcome TEXT,
                files_planned INTEGER NOT NULL DEFAULT 0,
                files_uploaded INTEGER NOT NULL DEFAULT 0,
                files_present INTEGER NOT NULL DEFAULT 0,
                files_verified INTEGER NOT NULL DEFAULT 0,
                files_wiped INTEGER NOT NULL DEFAULT 0,
                files_failed INTEGER NOT NULL DEFAULT 0,
                bytes_planned INTEGER NOT NULL DEFAULT 0,
                manifest_key TEXT,
                error TEXT);
            CREATE TABLE IF NOT EXISTS files(
                session_id TEXT NOT NULL REFERENCES sessions(id),
                path TEXT NOT NULL,
                size INTEGER NOT NULL,
                mtime_utc TEXT NOT NULL,
                state TEXT NOT NULL,
                disposition TEXT,
                object_key TEXT, sha256 TEXT, md5 TEXT, etag TEXT,
                capture_local TEXT, has_gps INTEGER,
                camera_serial TEXT, camera_label TEXT,
                verified_utc TEXT, wiped_utc TEXT,
                error TEXT,
                PRIMARY KEY(session_id, path));
            CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions(started_utc);
            """),
        // Version 1 wrote outcomes as enum names but 'Interrupted' by hand, and older builds lower case: one spelling
        // each now (JournalCodes), so reads can be exact. Spelled out here, frozen, rather than derived from JournalCodes.
        new(2, "one spelling per outcome, state and disposition", """
            UPDATE sessions SET outcome = CASE lower(outcome)
                WHEN 'completed' THEN 'Completed'
                WHEN 'nothingtodo' THEN 'NothingToDo'
                WHEN 'unknowncamera' THEN 'UnknownCamera'
                WHEN 'storageunreachable' THEN 'StorageUnreachable'
                WHEN 'storagerefused' THEN 'StorageRefused'
                WHEN 'partial' THEN 'Partial'
                WHEN 'cardunreadable' THEN 'CardUnreadable'
                WHEN 'interrupted' THEN 'Interrupted'
                ELSE outcome END
            WHERE outcome IS NOT NULL;
            UPDATE files SET state = lower(state) WHERE state <> lower(state);
            UPDATE files SET disposition = lower(disposition) WHERE disposition <> lower(disposition);
            """),
        // The card's file-system serial, so a later session of the same card can rely on this one's proofs
        // (DESIGN.md §4, "proven earlier"); older sessions have none and are never relied on that way.
        new(3, "the card's file-system serial, and files found by path", """
            ALTER TABLE sessions ADD COLUMN card_uuid TEXT;
            CREATE INDEX IF NOT EXISTS files_by_path ON files(path);
            """),
    ];

    /// <summary>The version this build reads and writes.</summary>
    public static int Current => Migrations[^1].Version;

    /// <summary>The columns of version 1 that an unversioned journal must have to be taken for one.</summary>
    private static readonly (string Table, string[] Columns)[] Version1Shape =
    [
        ("sessions", ["id", "kiosk", "card_root", "camera_serial", "camera_label", "started_utc", "ended_utc", "outcome", "files_planned",
            "files_uploaded", "files_present", "files_verified", "files_wiped", "files_failed", "bytes_planned", "manifest_key", "error"]),
        ("files", ["session_id", "path", "size", "mtime_utc", "state", "disposition", "object_key", "sha256", "md5", "etag", "capture_local",
            "has_gps", "camera_serial", "camera_label", "verified_utc", "wiped_utc", "error"]),
    ];

    /// <summary>Brings the journal to <see cref="Current"/>.</summary>
    /// <exception cref="JournalException">Written by a newer version, or not a journal of this kiosk.</exception>
    public static void Migrate(SqliteConnection connection)
    {
        // The common case (already current) takes no write lock: `history` may run beside the daemon. Nor does a refusal.
        var found = UserVersion(connection, null);
        if (found == Current)
            return;
        RefuseNewer(connection, found);
        while (true)
        {
            // BEGIN IMMEDIATE (the default): a second process opening the journal now waits, then finds the work done.
            using var tx = connection.BeginTransaction();
            var stored = UserVersion(connection, tx);
            RefuseNewer(connection, stored);
            var version = stored == 0 && HasAnyTable(connection, tx) ? RecogniseVersion1(connection, tx) : stored;
            if (version < 0)
                throw new JournalException($"{connection.DataSource} has schema version {version}, which no release of ailas-kiosk writes. "
                                           + "It is left untouched; move it away to start an empty journal.");
            if (version == Current)
            {
                if (stored != version)
                    Execute(connection, tx, $"PRAGMA user_version = {version}");
                tx.Commit();
                return;
            }
            var next = Migrations.Single(m => m.Version == version + 1);
            Execute(connection, tx, next.Sql);
            Execute(connection, tx, $"PRAGMA user_version = {next.Version}");
            tx.Commit();
        }
    }

    private static void RefuseNewer(SqliteConnection connection, int version)
    {
        if (version > Current)
            throw new JournalException(
                $"{connection.DataSource} has schema version {version}, and this version of ailas-kiosk knows only up to {Current}: "
                + "it was written by a newer release (a downgrade?). It is left untouched. Install that release again, "
                + "or move the file away to start an empty journal (this kiosk then forgets what it did before).");
    }

    /// <summary>
    /// A journal of the releases before versioning: its tables are there, user_version is 0. The tables present must
    /// have version 1's columns; version 1's idempotent statements then finish a creation that a power cut interrupted.
    /// </summary>
    private static int RecogniseVersion1(SqliteConnection connection, SqliteTransaction tx)
    {
        foreach (var (table, columns) in Version1Shape)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT name FROM pragma_table_info($t)";
            cmd.Parameters.AddWithValue("$t", table);
            var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (var r = cmd.ExecuteReader())
                while (r.Read())
                    present.Add(r.GetString(0));
            var missing = columns.Where(c => !present.Contains(c)).ToList();
            if (present.Count > 0 && missing.Count > 0)
                throw new JournalException($"{connection.DataSource} is not a journal of ailas-kiosk: its table {table} has no "
                                           + $"{string.Join(", ", missing)}. It is left untouched; move it away to start an empty journal.");
        }
        Execute(connection, tx, Migrations[0].Sql);
        return 1;
    }

    private static bool HasAnyTable(SqliteConnection connection, SqliteTransaction tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sessions', 'files')";
        return (long)cmd.ExecuteScalar()! > 0;
    }

    private static int UserVersion(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
