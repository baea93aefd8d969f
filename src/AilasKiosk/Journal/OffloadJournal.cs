using AilasKiosk.Card;
using Microsoft.Data.Sqlite;

namespace AilasKiosk.Journal;

/// <summary>
/// The durable record of every card session and every file's state, in SQLite (WAL, synchronous=FULL: a commit
/// is on disk before the call returns). A file may be wiped only when this journal holds its verified record:
/// see <see cref="Wipe.CardWiper"/>. Calls are serialised; SQLite work is tiny next to the uploads.
/// </summary>
public sealed class OffloadJournal : IDisposable
{
    public const string FileName = "journal.db";
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private OffloadJournal(SqliteConnection connection) => _connection = connection;

    public string Path => _connection.DataSource;

    public static OffloadJournal Open(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = System.IO.Path.Combine(stateDirectory, FileName);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var journal = new OffloadJournal(connection);
        journal.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
        journal.Execute(Schema);
        return journal;
    }

    private const string Schema = """
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
        """;

    public void BeginSession(SessionStart s)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                INSERT INTO sessions(id, kiosk, card_root, camera_serial, camera_label, camera_model, camera_firmware, camera_source, started_utc)
                VALUES($id, $kiosk, $root, $serial, $label, $model, $fw, $source, $started)
                """,
                ("$id", s.Id), ("$kiosk", s.Kiosk), ("$root", s.CardRoot), ("$serial", s.CameraSerial), ("$label", s.CameraLabel),
                ("$model", s.CameraModel), ("$fw", s.CameraFirmware), ("$source", s.CameraSource), ("$started", Iso(s.StartedUtc)));
            cmd.ExecuteNonQuery();
        }
    }

    public void AddPlannedFiles(string sessionId, IReadOnlyList<CardFile> files)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var cmd = Command("INSERT INTO files(session_id, path, size, mtime_utc, state) VALUES($s, $p, $size, $mtime, 'planned')",
                ("$s", sessionId), ("$p", ""), ("$size", 0L), ("$mtime", ""));
            cmd.Transaction = tx;
            foreach (var f in files)
            {
                cmd.Parameters["$p"].Value = f.RelativePath;
                cmd.Parameters["$size"].Value = f.Size;
                cmd.Parameters["$mtime"].Value = Iso(f.LastWriteUtc);
                cmd.ExecuteNonQuery();
            }
            using var update = Command("UPDATE sessions SET files_planned = $n, bytes_planned = $b WHERE id = $s",
                ("$n", files.Count), ("$b", files.Sum(f => f.Size)), ("$s", sessionId));
            update.Transaction = tx;
            update.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <summary>Records the proof for one file. Durable on return: from then on the file may be wiped.</summary>
    public void RecordVerified(string sessionId, VerifiedFile v)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                UPDATE files SET state = 'verified', disposition = $d, object_key = $k, sha256 = $sha, md5 = $md5, etag = $etag,
                    capture_local = $cap, has_gps = $gps, camera_serial = $cs, camera_label = $cl, verified_utc = $t, error = NULL
                WHERE session_id = $s AND path = $p AND size = $size
                """,
                ("$d", v.Disposition.ToString().ToLowerInvariant()), ("$k", v.ObjectKey), ("$sha", v.Sha256), ("$md5", v.Md5), ("$etag", v.ETag),
                ("$cap", v.CaptureLocal is { } c ? c.ToString("yyyy-MM-ddTHH:mm:ss") : null), ("$gps", v.HasGps ? 1 : 0),
                ("$cs", v.CameraSerial), ("$cl", v.CameraLabel),
                ("$t", Iso(DateTime.UtcNow)), ("$s", sessionId), ("$p", v.Path), ("$size", v.Size));
            if (cmd.ExecuteNonQuery() != 1)
                throw new InvalidOperationException($"journal has no planned file {v.Path} of {v.Size} bytes in session {sessionId}");
        }
    }

    public void RecordFailed(string sessionId, string path, string error) =>
        Update("UPDATE files SET state = 'failed', error = $e WHERE session_id = $s AND path = $p",
            ("$e", error), ("$s", sessionId), ("$p", path));

    public void RecordWiped(string sessionId, string path) =>
        Update("UPDATE files SET state = 'wiped', wiped_utc = $t WHERE session_id = $s AND path = $p AND state = 'verified'",
            ("$t", Iso(DateTime.UtcNow)), ("$s", sessionId), ("$p", path));

    public void RecordManifest(string sessionId, string key) =>
        Update("UPDATE sessions SET manifest_key = $k WHERE id = $s", ("$k", key), ("$s", sessionId));

    /// <summary>The verified record of a file in this session, or null: the wiper's only source of permission.</summary>
    public VerifiedFile? FindVerified(string sessionId, string path)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                SELECT path, size, disposition, object_key, sha256, md5, etag, capture_local, has_gps, camera_serial, camera_label FROM files
                WHERE session_id = $s AND path = $p AND state = 'verified'
                """, ("$s", sessionId), ("$p", path));
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadVerified(r) : null;
        }
    }

    /// <summary>Every file of a session in path order, streamed (a card can hold 15,000 photos).</summary>
    public IEnumerable<JournalFile> Files(string sessionId)
    {
        // A fresh connection so the stream does not hold the gate while the caller uploads.
        using var connection = new SqliteConnection(_connection.ConnectionString);
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT path, size, state, disposition, object_key, sha256, md5, etag, capture_local, has_gps, error, camera_serial, camera_label
            FROM files WHERE session_id = $s ORDER BY path
            """;
        cmd.Parameters.AddWithValue("$s", sessionId);
        using var r = cmd.ExecuteReader();
        while (r.Read())
            yield return new JournalFile(r.GetString(0), r.GetInt64(1), r.GetString(2), Str(r, 3), Str(r, 4), Str(r, 5), Str(r, 6), Str(r, 7),
                Str(r, 8), !r.IsDBNull(9) && r.GetInt64(9) == 1, Str(r, 10), Str(r, 11), Str(r, 12));
    }

    public void EndSession(string sessionId, SessionEnd end) =>
        Update("""
            UPDATE sessions SET ended_utc = $t, outcome = $o, files_uploaded = $u, files_present = $pr, files_verified = $v,
                files_wiped = $w, files_failed = $f, error = $e WHERE id = $s
            """,
            ("$t", Iso(DateTime.UtcNow)), ("$o", end.Outcome), ("$u", end.Uploaded), ("$pr", end.AlreadyPresent), ("$v", end.Verified),
            ("$w", end.Wiped), ("$f", end.Failed), ("$e", end.Error), ("$s", sessionId));

    /// <summary>
    /// The card left before its session could end on its own terms (pulled, its file system gone): whatever the
    /// engine concluded from the failing reads, the session was interrupted, and re-inserting the card resumes it.
    /// </summary>
    public void MarkInterrupted(string sessionId, string reason) =>
        Update("UPDATE sessions SET outcome = $o, error = $e, ended_utc = COALESCE(ended_utc, $t) WHERE id = $s",
            ("$o", "Interrupted"), ("$e", reason), ("$t", Iso(DateTime.UtcNow)), ("$s", sessionId));

    public IReadOnlyList<SessionSummary> RecentSessions(int count)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                SELECT id, card_root, camera_serial, camera_label, started_utc, ended_utc, outcome, files_planned, files_uploaded,
                       files_present, files_verified, files_wiped, files_failed, bytes_planned, manifest_key, error
                FROM sessions ORDER BY started_utc DESC LIMIT $n
                """, ("$n", count));
            using var r = cmd.ExecuteReader();
            var list = new List<SessionSummary>();
            while (r.Read())
                list.Add(new SessionSummary(r.GetString(0), r.GetString(1), Str(r, 2), Str(r, 3), r.GetString(4), Str(r, 5), Str(r, 6) ?? "interrupted",
                    r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetInt32(10), r.GetInt32(11), r.GetInt32(12), r.GetInt64(13), Str(r, 14), Str(r, 15)));
            return list;
        }
    }

    public void Dispose() => _connection.Dispose();

    private static VerifiedFile ReadVerified(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt64(1), Enum.Parse<Disposition>(r.GetString(2), ignoreCase: true), r.GetString(3), r.GetString(4), r.GetString(5),
            r.GetString(6), Str(r, 7) is { } c ? DateTime.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : null, !r.IsDBNull(8) && r.GetInt64(8) == 1,
            r.GetString(9), Str(r, 10));

    private void Update(string sql, params (string, object?)[] parameters)
    {
        lock (_gate)
        {
            using var cmd = Command(sql, parameters);
            cmd.ExecuteNonQuery();
        }
    }

    private void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string Iso(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
}
