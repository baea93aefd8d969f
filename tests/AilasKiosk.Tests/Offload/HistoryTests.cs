using System.Text.Json;
using AilasKiosk.Cli;
using AilasKiosk.Journal;
using AilasKiosk.Platform;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AilasKiosk.Tests.Offload;

/// <summary>`ailas-kiosk history`: what the kiosk did, from the journal, including sessions a crash cut short.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class HistoryTests
{
    [Fact]
    public async Task History_lists_a_completed_and_an_interrupted_session_newest_first()
    {
        using var state = new TempDirectory();
        using var first = new TempDirectory("ailas-hist");
        using var second = new TempDirectory("ailas-hist");
        var settings = new KioskSettings(Radosgw.Instance, state.Path, "C3471325208996", KioskSettings.NewLabel("HIST"));
        TestCard.Small(settings.Serial, photos: 2, seed: 96).WriteTo(first.Path);
        TestCard.Small(settings.Serial, photos: 3, seed: 97).WriteTo(second.Path);

        var done = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", first.Path, "--json");
        Assert.Equal(ExitCodes.Ok, done.ExitCode);
        var killed = await KioskProcess.RunAsync(
            settings.AsEnvironment().Append(KeyValuePair.Create(CrashPoint.Variable, CrashPoint.Verified + ":1")), "offload", second.Path);
        Assert.True(killed.Killed);

        var history = await KioskProcess.RunAsync(settings.AsEnvironment(), "history", "--json");

        Assert.Equal(ExitCodes.Ok, history.ExitCode);
        var sessions = JsonSerializer.Deserialize<List<HistoryCommand.Entry>>(history.Stdout.Trim())!;
        Assert.Equal(2, sessions.Count);
        Assert.Equal(("interrupted", 3, null), (sessions[0].Outcome, sessions[0].Planned, sessions[0].EndedUtc));
        Assert.Equal((done.Json.Session, "Completed", 2, 2, 2, settings.Label), (sessions[1].Id, sessions[1].Outcome, sessions[1].Planned,
            sessions[1].Verified, sessions[1].Wiped, sessions[1].CameraLabel));

        var table = await KioskProcess.RunAsync(settings.AsEnvironment(), "history");
        Assert.Contains(done.Json.Session!, table.Stdout);
        Assert.Contains("interrupted", table.Stdout);
    }

    [Fact]
    public async Task A_journal_of_a_newer_release_is_refused_in_one_clear_line()
    {
        using var state = new TempDirectory();
        OffloadJournal.Open(state.Path, TimeProvider.System).Dispose();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(state.Path, OffloadJournal.FileName)};Pooling=false"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"PRAGMA user_version = {OffloadJournal.SchemaVersion + 1}";
            cmd.ExecuteNonQuery();
        }

        var run = await KioskProcess.RunAsync(new Dictionary<string, string> { ["AILAS_State__Directory"] = state.Path }, "history");

        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.Contains("written by a newer release", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task A_kiosk_that_never_offloaded_says_so()
    {
        using var state = new TempDirectory();
        var run = await KioskProcess.RunAsync(new Dictionary<string, string> { ["AILAS_State__Directory"] = state.Path }, "history");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("No card offloaded yet", run.Stdout);
    }
}
