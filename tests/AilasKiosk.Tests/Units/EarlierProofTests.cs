using AilasKiosk.Card;
using AilasKiosk.Journal;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AilasKiosk.Tests.Units;

/// <summary>
/// Which proof of an earlier session a resumed card may rely on instead of reading a file again (DESIGN.md §4):
/// only one made on the same card (file-system serial), for the same path, size and modification time, and
/// still standing (verified, not failed or only planned).
/// </summary>
public class EarlierProofTests : IDisposable
{
    private const string Uuid = "1A2B-3C4D";
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));
    private readonly OffloadJournal _journal;
    private readonly CardFile _file = new("/card/DCIM/100GOPRO", "DCIM/100GOPRO/G0010001.JPG", 1000,
        new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc));

    public EarlierProofTests() => _journal = OffloadJournal.Open(_dir.Path, _time);

    public void Dispose()
    {
        _journal.Dispose();
        _dir.Dispose();
    }

    private void Session(string id, string? uuid, CardFile file, bool verified = true)
    {
        _journal.BeginSession(new SessionStart(id, "test", "/card", "C1", "L", null, null, null, DateTime.UtcNow, uuid));
        _journal.AddPlannedFiles(id, [file]);
        if (verified)
            _journal.RecordVerified(id, new VerifiedFile(file.RelativePath, file.Size, Disposition.Uploaded, $"L/{id}.JPG",
                new string('a', 64), new string('b', 32), new string('b', 32), null, true, "C1", "L"));
    }

    [Fact]
    public void The_proof_of_an_earlier_session_of_the_same_card_stands_for_the_unchanged_file()
    {
        Session("s1", Uuid, _file);
        var found = _journal.FindEarlierProof("s2", Uuid, _file);
        Assert.NotNull(found);
        Assert.Equal(("s1", "L/s1.JPG", Disposition.Uploaded), (found.SessionId, found.File.ObjectKey, found.File.Disposition));
    }

    [Fact]
    public void The_latest_of_several_proofs_is_taken()
    {
        Session("s1", Uuid, _file);
        _time.Advance(TimeSpan.FromMinutes(10));
        Session("s2", Uuid, _file);
        Assert.Equal("s2", _journal.FindEarlierProof("s3", Uuid, _file)?.SessionId);
    }

    [Fact]
    public void Another_card_another_size_another_time_or_the_same_session_finds_nothing()
    {
        Session("s1", Uuid, _file);
        Assert.Null(_journal.FindEarlierProof("s2", "5E6F-7A8B", _file));
        Assert.Null(_journal.FindEarlierProof("s2", Uuid, _file with { Size = 1001 }));
        Assert.Null(_journal.FindEarlierProof("s2", Uuid, _file with { LastWriteUtc = _file.LastWriteUtc.AddSeconds(2) }));
        Assert.Null(_journal.FindEarlierProof("s2", Uuid, _file with { RelativePath = "DCIM/100GOPRO/G0010002.JPG" }));
        Assert.Null(_journal.FindEarlierProof("s1", Uuid, _file));
    }

    [Fact]
    public void A_session_without_a_card_serial_or_a_file_never_verified_is_not_relied_on()
    {
        Session("s1", null, _file);
        Session("s2", Uuid, _file, verified: false);
        Assert.Null(_journal.FindEarlierProof("s3", Uuid, _file));
    }

    [Fact]
    public void A_proof_stands_when_the_wipe_after_it_failed_but_a_file_that_failed_unproven_has_none()
    {
        Session("s1", Uuid, _file);
        _journal.RecordFailed("s1", _file.RelativePath, "not wiped: the card refused the deletion: Transport endpoint is not connected");
        Assert.Equal("s1", _journal.FindEarlierProof("s2", Uuid, _file)?.SessionId);

        Session("s2", Uuid, _file, verified: false);
        _journal.RecordFailed("s2", _file.RelativePath, "could not be read from the card");
        Assert.Equal("s1", _journal.FindEarlierProof("s3", Uuid, _file)?.SessionId);
        _journal.RecordFailed("s1", _file.RelativePath, "x"); // still s1's proof: failing again does not erase it
        var other = _file with { RelativePath = "DCIM/100GOPRO/G0010009.JPG" };
        Session("s4", Uuid, other, verified: false);
        _journal.RecordFailed("s4", other.RelativePath, "could not be read from the card");
        Assert.Null(_journal.FindEarlierProof("s5", Uuid, other));
    }
}
