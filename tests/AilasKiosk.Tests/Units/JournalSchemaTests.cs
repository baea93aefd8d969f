using AilasKiosk.Journal;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AilasKiosk.Tests.Units;

/// <summary>
/// The journal survives upgrades (the .deb keeps it): a journal of an earlier release is migrated and read, one of a
/// later release is refused untouched, and a value this version does not know is a clear error, never a crash.
/// </summary>
public class JournalSchemaTests : IDisposable
{
    private readonly TempDirectory _state = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(_state.Path, OffloadJournal.FileName);

    public void Dispose() => _state.Dispose();

    /// <summary>
    /// The statements the releases before versioning ran on every start (user_version left at 0), copied verbatim,
    /// and rows as they wrote them: 'Interrupted' from MarkInterrupted, 'interrupted' as older builds wrote it.
    /// </summary>
    private void WriteUnversionedJournal()
    {
        Sql("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
        Sql("""
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
            """);
        Sql("""
            INSERT INTO sessions(id, kiosk, card_root, camera_serial, camera_label, started_utc, ended_utc, outcome, files_planned, files_uploaded,
                files_verified, files_wiped, bytes_planned, manifest_key)
            VALUES('20261120-090000-aaaaaa', 'kiosk-1', '/run/media/ailas-kiosk/sda1', 'C3471325208909', 'AILAS-07', '2026-11-20T09:00:00.000Z',
                '2026-11-20T09:10:00.000Z', 'Completed', 2, 2, 2, 2, 20000000, 'AILAS-07/_manifests/20261120-090000-aaaaaa.json');
            INSERT INTO sessions(id, kiosk, card_root, camera_serial, camera_label, started_utc, ended_utc, outcome, files_planned, error)
            VALUES('20261121-090000-bbbbbb', 'kiosk-1', '/run/media/ailas-kiosk/sda1', 'C3471325208909', 'AILAS-07', '2026-11-21T09:00:00.000Z',
                '2026-11-21T09:01:00.000Z', 'Interrupted', 2, 'card pulled before the end (1 of 2 verified)');
            INSERT INTO sessions(id, kiosk, card_root, camera_serial, camera_label, started_utc, ended_utc, outcome, files_planned)
            VALUES('20261122-090000-cccccc', 'kiosk-1', '/run/media/ailas-kiosk/sdb1', 'C3471325208909', 'AILAS-07', '2026-11-22T09:00:00.000Z',
                '2026-11-22T09:01:00.000Z', 'interrupted', 1);
            INSERT INTO sessions(id, kiosk, card_root, started_utc, files_planned)
            VALUES('20261123-090000-dddddd', 'kiosk-1', '/run/media/ailas-kiosk/sdb1', '2026-11-23T09:00:00.000Z', 1);

            INSERT INTO files(session_id, path, size, mtime_utc, state, disposition, object_key, sha256, md5, etag, capture_local, has_gps,
                camera_serial, camera_label, verified_utc, wiped_utc)
            VALUES('20261120-090000-aaaaaa', 'DCIM/100GOPRO/G0010001.JPG', 10000000, '2026-11-19T08:00:00.000Z', 'wiped', 'uploaded',
                'AILAS-07/2026-11-19/100GOPRO/G0010001.JPG', 'aa', 'bb', 'bb', '2026-11-19T09:00:00', 1, 'C3471325208909', 'AILAS-07',
                '2026-11-20T09:05:00.000Z', '2026-11-20T09:09:00.000Z');
            INSERT INTO files(session_id, path, size, mtime_utc, state, disposition, object_key, sha256, md5, etag, capture_local, has_gps,
                camera_serial, camera_label, verified_utc)
            VALUES('20261121-090000-bbbbbb', 'DCIM/100GOPRO/G0010002.JPG', 10000000, '2026-11-20T08:00:00.000Z', 'verified', 'present',
                'AILAS-07/2026-11-20/100GOPRO/G0010002.JPG', 'cc', 'dd', 'dd', NULL, 0, 'C3471325208909', 'AILAS-07', '2026-11-21T09:00:30.000Z');
            INSERT INTO files(session_id, path, size, mtime_utc, state)
            VALUES('20261121-090000-bbbbbb', 'DCIM/100GOPRO/G0010003.JPG', 10000000, '2026-11-20T08:00:01.000Z', 'planned');
            INSERT INTO files(session_id, path, size, mtime_utc, state, error)
            VALUES('20261122-090000-cccccc', 'DCIM/100GOPRO/G0010004.JPG', 10000000, '2026-11-21T08:00:00.000Z', 'Failed', 'changed on the card');
            """);
    }

    [Fact]
    public void A_journal_of_the_releases_before_versioning_is_taken_for_version_1_migrated_and_read()
    {
        WriteUnversionedJournal();
        Assert.Equal(0L, Scalar("PRAGMA user_version"));

        using (var journal = OffloadJournal.Open(_state.Path, _time))
        {
            Assert.Equal(3, OffloadJournal.SchemaVersion);
            var sessions = journal.RecentSessions(10);
            Assert.Equal(["20261123-090000-dddddd", "20261122-090000-cccccc", "20261121-090000-bbbbbb", "20261120-090000-aaaaaa"],
                sessions.Select(s => s.Id));
            Assert.Equal([null, OffloadOutcome.Interrupted, OffloadOutcome.Interrupted, OffloadOutcome.Completed], sessions.Select(s => s.Outcome));
            Assert.Equal(["interrupted", "Interrupted", "Interrupted", "Completed"], sessions.Select(s => s.OutcomeText));
            var done = sessions[3];
            Assert.Equal((2, 2, 2, 20000000L, "AILAS-07", "2026-11-20T09:10:00.000Z"),
                (done.Planned, done.Verified, done.Wiped, done.BytesPlanned, done.CameraLabel, done.EndedUtc));

            var pulled = journal.Files("20261121-090000-bbbbbb").ToList();
            Assert.Equal([(FileState.Verified, Disposition.Present), (FileState.Planned, null)], pulled.Select(f => (f.State, f.Disposition)));
            Assert.Equal(FileState.Failed, journal.Files("20261122-090000-cccccc").Single().State);
            var wiped = journal.Files("20261120-090000-aaaaaa").Single();
            Assert.Equal((FileState.Wiped, Disposition.Uploaded, true, "2026-11-19T09:00:00"), (wiped.State, wiped.Disposition, wiped.HasGps, wiped.CaptureLocal));

            // The wiper's permission reads the migrated row.
            var verified = journal.FindVerified("20261121-090000-bbbbbb", "DCIM/100GOPRO/G0010002.JPG");
            Assert.NotNull(verified);
            Assert.Equal((Disposition.Present, "AILAS-07/2026-11-20/100GOPRO/G0010002.JPG", (DateTime?)null), (verified.Disposition, verified.ObjectKey, verified.CaptureLocal));

            // A session of those releases knew no card serial: nothing of it is carried into a later session.
            var sameFile = new AilasKiosk.Card.CardFile("/card/DCIM/100GOPRO", "DCIM/100GOPRO/G0010002.JPG", 10000000,
                new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc));
            Assert.Null(journal.FindEarlierProof("20261124-090000-eeeeee", "1A2B-3C4D", sameFile));

            // And the migrated journal takes new sessions.
            journal.MarkInterrupted("20261123-090000-dddddd", "power cut");
        }

        Assert.Equal(3L, Scalar("PRAGMA user_version"));
        Assert.Equal(["Completed", "Interrupted"], Strings("SELECT DISTINCT outcome FROM sessions WHERE outcome IS NOT NULL ORDER BY outcome"));
        Assert.Equal(["failed", "planned", "verified", "wiped"], Strings("SELECT DISTINCT state FROM files ORDER BY state"));

        // Opening again changes nothing.
        using (var again = OffloadJournal.Open(_state.Path, _time))
            Assert.Equal(4, again.RecentSessions(10).Count(s => s.Outcome is not null));
        Assert.Equal(3L, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void A_journal_of_a_newer_release_is_refused_and_left_as_it_is()
    {
        using (var journal = OffloadJournal.Open(_state.Path, _time))
            journal.BeginSession(new SessionStart("20261124-000000-eeeeee", "kiosk-1", "/card", null, null, null, null, null, _time.GetUtcNow().UtcDateTime));
        var future = OffloadJournal.SchemaVersion + 1;
        Sql($"PRAGMA user_version = {future}; PRAGMA journal_mode=DELETE;");
        var before = File.ReadAllBytes(DatabasePath);

        var refused = Assert.Throws<JournalException>(() => OffloadJournal.Open(_state.Path, _time));

        Assert.Contains($"schema version {future}", refused.Message);
        Assert.Contains($"only up to {OffloadJournal.SchemaVersion}", refused.Message);
        Assert.Contains("newer release", refused.Message);
        Assert.Equal(before, File.ReadAllBytes(DatabasePath));
        Assert.Equal((long)future, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void A_table_named_like_the_journal_but_shaped_otherwise_is_not_taken_for_one()
    {
        Sql("CREATE TABLE sessions(id TEXT PRIMARY KEY, something_else TEXT);");
        var refused = Assert.Throws<JournalException>(() => OffloadJournal.Open(_state.Path, _time));
        Assert.Contains("not a journal of ailas-kiosk", refused.Message);
        Assert.Contains("card_root", refused.Message);
        Assert.Equal(0L, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void A_value_this_version_does_not_know_is_a_clear_error_and_never_permission_to_wipe()
    {
        const string session = "20261124-000000-ffffff";
        const string path = "DCIM/100GOPRO/G0010001.JPG";
        using var journal = OffloadJournal.Open(_state.Path, _time);
        journal.BeginSession(new SessionStart(session, "kiosk-1", "/card", null, null, null, null, null, _time.GetUtcNow().UtcDateTime));
        journal.AddPlannedFiles(session, [new Card.CardFile("/card/DCIM/100GOPRO", path, 10, DateTime.UtcNow)]);
        Sql($"UPDATE files SET state = 'quarantined' WHERE path = '{path}'; UPDATE sessions SET outcome = 'Exploded';");

        var files = Assert.Throws<JournalException>(() => journal.Files(session).ToList());
        Assert.Contains("files.state 'quarantined'", files.Message);
        Assert.Contains(path, files.Message);
        Assert.Contains("planned, verified, failed, wiped", files.Message);
        var sessions = Assert.Throws<JournalException>(() => journal.RecentSessions(5));
        Assert.Contains($"sessions.outcome 'Exploded' of session {session}", sessions.Message);
        Assert.Null(journal.FindVerified(session, path));

        Sql($"UPDATE files SET state = 'verified', disposition = 'teleported' WHERE path = '{path}'");
        var disposition = Assert.Throws<JournalException>(() => journal.FindVerified(session, path));
        Assert.Contains("files.disposition 'teleported'", disposition.Message);
    }

    [Fact]
    public void Every_enum_value_has_one_stored_spelling_that_reads_back()
    {
        foreach (var state in Enum.GetValues<FileState>())
            Assert.Equal(state, JournalCodes.FileStates.Parse(JournalCodes.FileStates.Text(state), "in a test"));
        foreach (var disposition in Enum.GetValues<Disposition>())
            Assert.Equal(disposition, JournalCodes.Dispositions.Parse(JournalCodes.Dispositions.Text(disposition), "in a test"));
        foreach (var outcome in Enum.GetValues<OffloadOutcome>())
            Assert.Equal(outcome, JournalCodes.Outcomes.Parse(JournalCodes.Outcomes.Text(outcome), "in a test"));
        // Exact: the migration gave each one spelling.
        Assert.Throws<JournalException>(() => JournalCodes.Outcomes.Parse("interrupted", "in a test"));
    }

    [Fact]
    public void Journal_timestamps_come_from_the_injected_clock()
    {
        const string session = "20310203-040506-abcdef";
        const string path = "DCIM/100GOPRO/G0010001.JPG";
        using var journal = OffloadJournal.Open(_state.Path, _time);
        journal.BeginSession(new SessionStart(session, "kiosk-1", "/card", "C1", "L", null, null, null, _time.GetUtcNow().UtcDateTime));
        journal.AddPlannedFiles(session, [new Card.CardFile("/card/DCIM/100GOPRO", path, 10, DateTime.UtcNow)]);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        journal.RecordVerified(session, new VerifiedFile(path, 10, Disposition.Uploaded, "L/G0010001.JPG", "aa", "bb", "bb", null, false, "C1", "L"));
        _time.Advance(TimeSpan.FromSeconds(1));
        journal.RecordWiped(session, path);
        _time.Advance(TimeSpan.FromMinutes(1));
        journal.EndSession(session, new SessionEnd(OffloadOutcome.Completed, 1, 0, 1, 1, 0, null));

        Assert.Equal(["2031-02-03T04:05:06.000Z", "2031-02-03T04:06:08.500Z"], Strings("SELECT started_utc FROM sessions UNION ALL SELECT ended_utc FROM sessions"));
        Assert.Equal(["2031-02-03T04:05:07.500Z", "2031-02-03T04:05:08.500Z"], Strings("SELECT verified_utc FROM files UNION ALL SELECT wiped_utc FROM files"));
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private void Sql(string sql)
    {
        using var connection = Connect();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = Connect();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private List<string> Strings(string sql)
    {
        using var connection = Connect();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
            list.Add(r.GetString(0));
        return list;
    }
}
