using AilasKiosk.Cli;
using AilasKiosk.Crew;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Daemon;
using AilasKiosk.Journal;
using AilasKiosk.Offload;
using Microsoft.Data.Sqlite;
using StatusProblem = AilasKiosk.Status.ProblemKind;

namespace AilasKiosk.Tests.Journal;

/// <summary>Only a full disk counts as one, and it reads as the kiosk's own disk everywhere: exit code, slot, screen.</summary>
public class KioskDiskFullMappingTests
{
    [Fact]
    public void SQLITE_FULL_and_ENOSPC_are_a_full_disk_other_errors_are_not()
    {
        Assert.True(KioskDiskFullException.IsDiskFull(new SqliteException("database or disk is full", 13)));
        Assert.False(KioskDiskFullException.IsDiskFull(new SqliteException("database disk image is malformed", 11)));
        Assert.False(KioskDiskFullException.IsDiskFull(new SqliteException("SQL logic error", 1)));
        Assert.False(KioskDiskFullException.IsDiskFull(new IOException("some other I/O error")));
        Assert.False(KioskDiskFullException.IsDiskFull(new InvalidOperationException("a bug")));

        // /dev/full answers every write with ENOSPC: the very exception a full state directory gives.
        var enospc = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes("/dev/full", new byte[8192]));
        Assert.True(KioskDiskFullException.IsDiskFull(enospc), $"HResult {enospc.HResult}: {enospc.Message}");
    }

    [Fact]
    public void A_full_kiosk_disk_has_its_own_exit_code_slot_problem_and_screen()
    {
        Assert.Equal(ExitCodes.KioskDiskFull, ExitCodes.For(OffloadOutcome.KioskDiskFull));
        Assert.NotEqual(ExitCodes.StorageRefused, ExitCodes.KioskDiskFull);

        var untouched = OutcomeMapping.ProblemOf(Report(wiped: 0), isCameraCard: true)!;
        Assert.Equal((StatusProblem.KioskDiskFull, false), (untouched.Kind, untouched.CardChanged));
        Assert.True(OutcomeMapping.ProblemOf(Report(wiped: 3), isCameraCard: true)!.CardChanged);

        var text = ProblemText.For(new ScreenState.Problem(CrewView.Map(StatusProblem.KioskDiskFull), null, false));
        Assert.Equal("KIOSK DISK FULL", text.Headline);
        Assert.Contains("kiosk", string.Join(' ', text.Lines));
        Assert.DoesNotContain("STORAGE", text.Headline);
        Assert.Equal("KIOSK FULL", CrewView.ShortWord(ProblemKind.KioskDiskFull));
    }

    private static OffloadReport Report(int wiped) =>
        new(OffloadOutcome.KioskDiskFull, "s", "C1", "AILAS-07", 10, 2, 0, 2, wiped, 8, 1000, 1, null, "the kiosk's own disk is full", []);
}
