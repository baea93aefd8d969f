using System.Text.Json;
using AilasKiosk.Journal;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AilasKiosk.Tests.Offload;

/// <summary>The session id, the journal's times and the manifest's date come from the kiosk's clock, the one it is given.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class KioskClockTests
{
    [Fact]
    public async Task A_session_is_dated_by_the_injected_clock_in_its_id_journal_and_manifest()
    {
        using var state = new TempDirectory();
        using var root = new TempDirectory("ailas-clock");
        var settings = new KioskSettings(Radosgw.Instance, state.Path, "C3471325208973", KioskSettings.NewLabel("CLOCK"));
        TestCard.Small(settings.Serial, photos: 2, seed: 73).WriteTo(root.Path);
        // In the past, so the sweep of abandoned uploads (older than the clock says) touches nothing of other tests.
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

        using var harness = new EngineHarness(settings, time: time);
        var report = await harness.RunAsync(root.Path);

        Assert.Equal(OffloadOutcome.Completed, report.Outcome);
        Assert.StartsWith("20250601-120000-", report.SessionId);
        var session = harness.Journal.RecentSessions(1).Single();
        Assert.Equal((report.SessionId, "2025-06-01T12:00:00.000Z", "2025-06-01T12:00:00.000Z"), (session.Id, session.StartedUtc, session.EndedUtc));
        using (var connection = new SqliteConnection($"Data Source={harness.Journal.Path};Pooling=false"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT DISTINCT verified_utc || ' ' || wiped_utc FROM files";
            Assert.Equal("2025-06-01T12:00:00.000Z 2025-06-01T12:00:00.000Z", cmd.ExecuteScalar());
        }
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state.Path, "manifests", $"{report.SessionId}.json")));
        Assert.Equal("2025-06-01T12:00:00.0000000Z", manifest.RootElement.GetProperty("createdUtc").GetString());
    }
}
