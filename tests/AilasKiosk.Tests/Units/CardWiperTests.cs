using AilasKiosk.Card;
using AilasKiosk.Journal;
using AilasKiosk.Platform;
using AilasKiosk.Tests.Infrastructure;
using AilasKiosk.Wipe;

namespace AilasKiosk.Tests.Units;

/// <summary>The one place that deletes refuses everything the journal cannot justify (invariant 1).</summary>
public class CardWiperTests : IDisposable
{
    private const string Session = "20261124-000000-abcdef";
    private readonly TempDirectory _dir = new();
    private readonly OffloadJournal _journal;
    private readonly CardFile _file;

    public CardWiperTests()
    {
        _journal = OffloadJournal.Open(_dir.Sub("state"), TimeProvider.System);
        var path = Path.Combine(_dir.Sub("card"), "G0010001.JPG");
        File.WriteAllBytes(path, new byte[1000]);
        var status = Posix.StatNoFollow(path);
        _file = new CardFile(_dir.Sub("card"), "DCIM/100GOPRO/G0010001.JPG", status.Size, status.LastWriteUtc);
        _journal.BeginSession(new SessionStart(Session, "test", _dir.Path, "C1", "L", null, null, null, DateTime.UtcNow));
        _journal.AddPlannedFiles(Session, [_file]);
    }

    private void RecordVerified(string? label = "L") => _journal.RecordVerified(Session,
        new VerifiedFile(_file.RelativePath, _file.Size, Disposition.Uploaded, "L/G0010001.JPG", new string('a', 64), new string('b', 32),
            new string('b', 32), null, false, "C1", label));

    [Fact]
    public void A_file_without_a_verified_record_is_not_deleted()
    {
        var result = new CardWiper(_journal).Wipe(Session, _file);
        Assert.False(result.WasDeleted);
        Assert.Contains("no verified record", result.Reason);
        Assert.True(File.Exists(_file.FullPath));
    }

    [Fact]
    public void A_record_of_another_session_does_not_count()
    {
        RecordVerified();
        Assert.False(new CardWiper(_journal).Wipe("20261124-000000-other0", _file).WasDeleted);
        Assert.True(File.Exists(_file.FullPath));
    }

    [Fact]
    public void A_file_changed_since_it_was_verified_is_not_deleted()
    {
        RecordVerified();
        File.AppendAllText(_file.FullPath, "more");
        var result = new CardWiper(_journal).Wipe(Session, _file);
        Assert.False(result.WasDeleted);
        Assert.Contains("changed on the card", result.Reason);
        Assert.True(File.Exists(_file.FullPath));
    }

    [Fact]
    public void A_file_replaced_by_a_link_is_not_deleted()
    {
        RecordVerified();
        File.Delete(_file.FullPath);
        File.CreateSymbolicLink(_file.FullPath, "/etc/hostname");
        Assert.False(new CardWiper(_journal).Wipe(Session, _file).WasDeleted);
        Assert.True(File.Exists("/etc/hostname"));
    }

    [Fact]
    public void A_quarantined_file_of_an_unregistered_camera_is_not_deleted()
    {
        RecordVerified(label: null);
        var result = new CardWiper(_journal).Wipe(Session, _file);
        Assert.False(result.WasDeleted);
        Assert.Contains("not registered", result.Reason);
        Assert.True(File.Exists(_file.FullPath));
    }

    [Fact]
    public void A_verified_unchanged_file_is_deleted_and_the_journal_says_so()
    {
        RecordVerified();
        Assert.True(new CardWiper(_journal).Wipe(Session, _file).WasDeleted);
        Assert.False(File.Exists(_file.FullPath));
        Assert.Equal(FileState.Wiped, _journal.Files(Session).Single().State);
        Assert.Null(_journal.FindVerified(Session, _file.RelativePath)); // no second deletion on its word
    }

    [Fact]
    public void A_large_card_is_wiped_with_its_marks_journaled_in_batches_and_all_of_them_at_the_end()
    {
        const string session = "20261124-000001-batch0";
        var count = CardWiper.SessionWipe.MarksPerCommit * 2 + 3;
        var files = Enumerable.Range(1, count).Select(i =>
        {
            var path = Path.Combine(_dir.Sub("big"), $"G{i:0000000}.JPG");
            File.WriteAllBytes(path, [(byte)i]);
            var status = Posix.StatNoFollow(path);
            return new CardFile(_dir.Sub("big"), $"DCIM/100GOPRO/G{i:0000000}.JPG", status.Size, status.LastWriteUtc);
        }).ToList();
        _journal.BeginSession(new SessionStart(session, "test", _dir.Path, "C1", "L", null, null, null, DateTime.UtcNow));
        _journal.AddPlannedFiles(session, files);
        foreach (var f in files)
            _journal.RecordVerified(session, new VerifiedFile(f.RelativePath, f.Size, Disposition.Uploaded, "L/" + f.Name, new string('a', 64),
                new string('b', 32), new string('b', 32), null, false, "C1", "L"));

        using (var wipe = new CardWiper(_journal).Begin(session))
        {
            foreach (var f in files.Take(CardWiper.SessionWipe.MarksPerCommit + 1))
                Assert.True(wipe.File(f).WasDeleted);
            // One batch committed, the next one pending: a crash here leaves verified files gone from the card.
            Assert.Equal(CardWiper.SessionWipe.MarksPerCommit, _journal.Files(session).Count(r => r.State == FileState.Wiped));
            foreach (var f in files.Skip(CardWiper.SessionWipe.MarksPerCommit + 1))
                Assert.True(wipe.File(f).WasDeleted);
        }

        Assert.All(_journal.Files(session), r => Assert.Equal(FileState.Wiped, r.State));
        Assert.All(files, f => Assert.False(File.Exists(f.FullPath)));
    }

    public void Dispose()
    {
        _journal.Dispose();
        _dir.Dispose();
    }
}
