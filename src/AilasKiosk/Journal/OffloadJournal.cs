using AilasKiosk.Card;
using Microsoft.Data.Sqlite;

namespace AilasKiosk.Journal;

/// <summary>
/// The durable record of every card session and every file's state, in SQLite (WAL, synchronous=FULL: a commit
/// is on disk before the call returns). A file may be wiped only when this journal holds its verified record:
/// see <see cref="Wipe.CardWiper"/>. Calls are serialised; SQLite work is tiny next to the uploads. Its schema is
/// versioned (<see cref="JournalSchema"/>), its enums stored through <see cref="JournalCodes"/>, its columns read by
/// name; its timestamps come from the kiosk's <see cref="TimeProvider"/>. A write that finds the disk full throws
/// <see cref="KioskDiskFullException"/>: the transaction is rolled back, what was committed before stays readable.
/// </summary>
internal sealed class OffloadJournal : IDisposable
{
    public const string FileName = "journal.db";
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private SqliteConnection? _opened;

    private OffloadJournal(string path, TimeProvider time)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        _time = time;
    }

    public string Path { get; }

    /// <summary>The schema version this build writes (SQLite's user_version).</summary>
    public static int SchemaVersion => JournalSchema.Current;

    /// <summary>Opens the journal, creating it or migrating it to <see cref="SchemaVersion"/>.</summary>
    /// <param name="time">Stamps verified, wiped and ended times: the kiosk's clock.</param>
    /// <exception cref="JournalException">Written by a newer release, or not a journal of this kiosk: left untouched.</exception>
    /// <exception cref="KioskDiskFullException">No room to create or migrate it.</exception>
    public static OffloadJournal Open(string stateDirectory, TimeProvider time)
    {
        var journal = new OffloadJournal(System.IO.Path.Combine(stateDirectory, FileName), time);
        journal.Connect();
        return journal;
    }

    /// <summary>
    /// For the daemon: like <see cref="Open"/>, but a disk too full to open the journal does not stop the start (a
    /// service that fails to start is restarted into systemd's start limit, and the kiosk goes dark). Each use then
    /// tries again and throws <see cref="KioskDiskFullException"/> until there is room: the card shows "kiosk disk full".
    /// </summary>
    public static OffloadJournal OpenOrWaitForRoom(string stateDirectory, TimeProvider time, Action<KioskDiskFullException> full)
    {
        var journal = new OffloadJournal(System.IO.Path.Combine(stateDirectory, FileName), time);
        try
        {
            journal.Connect();
        }
        catch (KioskDiskFullException e)
        {
            full(e);
        }
        return journal;
    }

    /// <summary>The open connection; opened (created, migrated) on first use after a full disk kept it closed.</summary>
    private SqliteConnection Connection => _opened ?? Connect();

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            connection.Open();
            Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
            // Before journal_mode, which is stored in the file: a journal of a newer release is refused untouched.
            JournalSchema.Migrate(connection);
            Execute(connection, "PRAGMA journal_mode=WAL;");
            return _opened = connection;
        }
        catch (Exception e) when (KioskDiskFullException.IsDiskFull(e))
        {
            connection.Dispose();
            throw new KioskDiskFullException(Path, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void BeginSession(SessionStart s) => Write("the session's start", () =>
    {
        using var cmd = Command("""
            INSERT INTO sessions(id, kiosk, card_root, camera_serial, camera_label, camera_model, camera_firmware, camera_source, started_utc, card_uuid)
            VALUES($id, $kiosk, $root, $serial, $label, $model, $fw, $source, $started, $uuid)
            """,
            ("$id", s.Id), ("$kiosk", s.Kiosk), ("$root", s.CardRoot), ("$serial", s.CameraSerial), ("$label", s.CameraLabel),
            ("$model", s.CameraModel), ("$fw", s.CameraFirmware), ("$source", s.CameraSource), ("$started", Iso(s.StartedUtc)),
            ("$uuid", s.CardUuid));
        cmd.ExecuteNonQuery();
    });

    public void AddPlannedFiles(string sessionId, IReadOnlyList<CardFile> files) => Write("the planned files", () =>
    {
        using var tx = Connection.BeginTransaction();
        using var cmd = Command("INSERT INTO files(session_id, path, size, mtime_utc, state) VALUES($s, $p, $size, $mtime, $planned)",
            ("$s", sessionId), ("$p", ""), ("$size", 0L), ("$mtime", ""), ("$planned", State(FileState.Planned)));
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
    });

    /// <summary>
    /// Records what the scan saw and does not take (<see cref="LeftOnCard"/>) as files that failed: they are in the
    /// manifest's "notOffloaded" and the history, and no verified record can ever exist for them.
    /// </summary>
    public void AddLeftOnCard(string sessionId, IReadOnlyList<LeftOnCard> left)
    {
        if (left.Count == 0) return;
        Write("the entries left on the card", () =>
        {
            using var tx = Connection.BeginTransaction();
            using var cmd = Command("INSERT OR IGNORE INTO files(session_id, path, size, mtime_utc, state, error) VALUES($s, $p, 0, '', $failed, $e)",
                ("$s", sessionId), ("$p", ""), ("$failed", State(FileState.Failed)), ("$e", ""));
            cmd.Transaction = tx;
            foreach (var entry in left)
            {
                cmd.Parameters["$p"].Value = entry.Path;
                cmd.Parameters["$e"].Value = $"left on the card: {entry.Reason}";
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        });
    }

    /// <summary>Records the proof for one file. Durable on return: from then on the file may be wiped.</summary>
    public void RecordVerified(string sessionId, VerifiedFile v) => Write($"the proof of {v.Path}", () =>
    {
        using var cmd = Command("""
            UPDATE files SET state = $verified, disposition = $d, object_key = $k, sha256 = $sha, md5 = $md5, etag = $etag,
                capture_local = $cap, has_gps = $gps, camera_serial = $cs, camera_label = $cl, verified_utc = $t, error = NULL
            WHERE session_id = $s AND path = $p AND size = $size
            """,
            ("$verified", State(FileState.Verified)), ("$d", JournalCodes.Dispositions.Text(v.Disposition)), ("$k", v.ObjectKey), ("$sha", v.Sha256), ("$md5", v.Md5), ("$etag", v.ETag),
            ("$cap", v.CaptureLocal is { } c ? c.ToString("yyyy-MM-ddTHH:mm:ss") : null), ("$gps", v.HasGps ? 1 : 0),
            ("$cs", v.CameraSerial), ("$cl", v.CameraLabel),
            ("$t", Now()), ("$s", sessionId), ("$p", v.Path), ("$size", v.Size));
        if (cmd.ExecuteNonQuery() != 1)
            throw new InvalidOperationException($"journal has no planned file {v.Path} of {v.Size} bytes in session {sessionId}");
    });

    public void RecordFailed(string sessionId, string path, string error) =>
        Update("UPDATE files SET state = $failed, error = $e WHERE session_id = $s AND path = $p",
            ("$failed", State(FileState.Failed)), ("$e", error), ("$s", sessionId), ("$p", path));

    public void RecordWiped(string sessionId, string path) => RecordWiped(sessionId, [path]);

    /// <summary>Marks files deleted from the card, in one transaction.</summary>
    public void RecordWiped(string sessionId, IReadOnlyCollection<string> paths) => Write("the wiped marks", () =>
    {
        using var tx = Connection.BeginTransaction();
        using var cmd = Command("UPDATE files SET state = $wiped, wiped_utc = $t WHERE session_id = $s AND path = $p AND state = $verified",
            ("$wiped", State(FileState.Wiped)), ("$t", Now()), ("$s", sessionId), ("$p", ""), ("$verified", State(FileState.Verified)));
        cmd.Transaction = tx;
        foreach (var path in paths)
        {
            cmd.Parameters["$p"].Value = path;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    });

    public void RecordManifest(string sessionId, string key) =>
        Update("UPDATE sessions SET manifest_key = $k WHERE id = $s", ("$k", key), ("$s", sessionId));

    /// <summary>The verified record of a file in this session, or null: the wiper's only source of permission.</summary>
    public VerifiedFile? FindVerified(string sessionId, string path)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                SELECT path, size, disposition, object_key, sha256, md5, etag, capture_local, has_gps, camera_serial, camera_label FROM files
                WHERE session_id = $s AND path = $p AND state = $verified
                """, ("$s", sessionId), ("$p", path), ("$verified", State(FileState.Verified)));
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadVerified(r, sessionId) : null;
        }
    }

    /// <summary>
    /// The latest proof of this very file from another session of the same card (same file-system serial), while the
    /// file is still as it was then (same path, size and modification time); or null. The caller proves the object again.
    /// A file whose wipe failed after its proof (the card pulled mid-wipe) keeps that proof; one never proven has none.
    /// </summary>
    public EarlierProof? FindEarlierProof(string sessionId, string cardUuid, CardFile file)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                SELECT f.session_id, f.path, f.size, f.disposition, f.object_key, f.sha256, f.md5, f.etag, f.capture_local, f.has_gps,
                       f.camera_serial, f.camera_label
                FROM files f JOIN sessions s ON s.id = f.session_id
                WHERE f.path = $p AND f.size = $size AND f.mtime_utc = $mtime AND f.verified_utc IS NOT NULL AND f.state IN ($verified, $failed)
                  AND s.card_uuid = $uuid AND s.id <> $s
                ORDER BY f.verified_utc DESC LIMIT 1
                """, ("$p", file.RelativePath), ("$size", file.Size), ("$mtime", Iso(file.LastWriteUtc)), ("$verified", State(FileState.Verified)), ("$failed", State(FileState.Failed)),
                ("$uuid", cardUuid), ("$s", sessionId));
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            var earlier = Text(r, "session_id");
            return new EarlierProof(earlier, ReadVerified(r, earlier));
        }
    }

    /// <summary>Every file of a session in path order, streamed (a card can hold 15,000 photos).</summary>
    public IEnumerable<JournalFile> Files(string sessionId)
    {
        // A fresh connection so the stream does not hold the gate while the caller uploads.
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT path, size, state, disposition, object_key, sha256, md5, etag, capture_local, has_gps, error, camera_serial, camera_label
            FROM files WHERE session_id = $s ORDER BY path
            """;
        cmd.Parameters.AddWithValue("$s", sessionId);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var path = Text(r, "path");
            var where = $"of {path} in session {sessionId}";
            yield return new JournalFile(path, Int(r, "size"), JournalCodes.FileStates.Parse(Text(r, "state"), where),
                TextOrNull(r, "disposition") is { } d ? JournalCodes.Dispositions.Parse(d, where) : null,
                TextOrNull(r, "object_key"), TextOrNull(r, "sha256"), TextOrNull(r, "md5"), TextOrNull(r, "etag"), TextOrNull(r, "capture_local"),
                Flag(r, "has_gps"), TextOrNull(r, "error"), TextOrNull(r, "camera_serial"), TextOrNull(r, "camera_label"));
        }
    }

    public void EndSession(string sessionId, SessionEnd end) =>
        Update("""
            UPDATE sessions SET ended_utc = $t, outcome = $o, files_uploaded = $u, files_present = $pr, files_verified = $v,
                files_wiped = $w, files_failed = $f, error = $e WHERE id = $s
            """,
            ("$t", Now()), ("$o", JournalCodes.Outcomes.Text(end.Outcome)), ("$u", end.Uploaded), ("$pr", end.AlreadyPresent), ("$v", end.Verified),
            ("$w", end.Wiped), ("$f", end.Failed), ("$e", end.Error), ("$s", sessionId));

    /// <summary>
    /// The card left before its session could end on its own terms (pulled, its file system gone): whatever the
    /// engine concluded from the failing reads, the session was interrupted, and re-inserting the card resumes it.
    /// </summary>
    public void MarkInterrupted(string sessionId, string reason) =>
        Update("UPDATE sessions SET outcome = $o, error = $e, ended_utc = COALESCE(ended_utc, $t) WHERE id = $s",
            ("$o", JournalCodes.Outcomes.Text(OffloadOutcome.Interrupted)), ("$e", reason), ("$t", Now()), ("$s", sessionId));

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
            {
                var id = Text(r, "id");
                list.Add(new SessionSummary(id, Text(r, "card_root"), TextOrNull(r, "camera_serial"), TextOrNull(r, "camera_label"),
                    Text(r, "started_utc"), TextOrNull(r, "ended_utc"),
                    TextOrNull(r, "outcome") is { } o ? JournalCodes.Outcomes.Parse(o, $"of session {id}") : null,
                    Count(r, "files_planned"), Count(r, "files_uploaded"), Count(r, "files_present"), Count(r, "files_verified"),
                    Count(r, "files_wiped"), Count(r, "files_failed"), Int(r, "bytes_planned"), TextOrNull(r, "manifest_key"), TextOrNull(r, "error")));
            }
            return list;
        }
    }

    public void Dispose() => _opened?.Dispose();

    private static VerifiedFile ReadVerified(SqliteDataReader r, string sessionId)
    {
        var path = Text(r, "path");
        return new(path, Int(r, "size"), JournalCodes.Dispositions.Parse(Text(r, "disposition"), $"of {path} in session {sessionId}"),
            Text(r, "object_key"), Text(r, "sha256"), Text(r, "md5"), Text(r, "etag"),
            TextOrNull(r, "capture_local") is { } c ? DateTime.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : null,
            Flag(r, "has_gps"), Text(r, "camera_serial"), TextOrNull(r, "camera_label"));
    }

    private void Update(string sql, params (string, object?)[] parameters) => Write("a session's record", () =>
    {
        using var cmd = Command(sql, parameters);
        cmd.ExecuteNonQuery();
    });

    /// <summary>
    /// One write under the gate. SQLITE_FULL (SQLite's word for ENOSPC) becomes <see cref="KioskDiskFullException"/>
    /// here, at the journal's edge, so callers can hold the card instead of crashing; other SQLite errors stay bugs.
    /// </summary>
    private void Write(string what, Action write)
    {
        lock (_gate)
        {
            try
            {
                write();
            }
            catch (SqliteException e) when (KioskDiskFullException.IsDiskFull(e))
            {
                throw new KioskDiskFullException($"{what} into {Path}", e);
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    // Columns by name: a migration may add or reorder them.
    private static string Text(SqliteDataReader r, string column) => r.GetString(r.GetOrdinal(column));

    private static string? TextOrNull(SqliteDataReader r, string column)
    {
        var i = r.GetOrdinal(column);
        return r.IsDBNull(i) ? null : r.GetString(i);
    }

    private static long Int(SqliteDataReader r, string column) => r.GetInt64(r.GetOrdinal(column));

    private static int Count(SqliteDataReader r, string column) => r.GetInt32(r.GetOrdinal(column));

    private static bool Flag(SqliteDataReader r, string column)
    {
        var i = r.GetOrdinal(column);
        return !r.IsDBNull(i) && r.GetInt64(i) == 1;
    }

    private static string State(FileState state) => JournalCodes.FileStates.Text(state);

    private string Now() => Iso(_time.GetUtcNow().UtcDateTime);

    private static string Iso(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
}
