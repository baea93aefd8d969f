using AilasKiosk.Detect;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Detect;

/// <summary>
/// udev's verdict on a medium, from a fake /run/udev: an entry counts only once udev has finished with this medium.
/// The device node does not exist, so blkid cannot answer in its place (as for the unprivileged kiosk user).
/// </summary>
public class FileSystemProbeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string Data => Path.Combine(_dir.Path, "udev", "data");
    private string Queue => Path.Combine(_dir.Path, "udev", "queue");

    private static readonly BlockDevice Card = new("sdz1", "/dev/ailas-test-sdz1", "sdz", "8:241", 64L << 20, false, MediumId: "7");

    public FileSystemProbeTests() => Directory.CreateDirectory(Data);

    public void Dispose() => _dir.Dispose();

    private FileSystemFacts Probe(BlockDevice? device = null) => new FileSystemProbe(Data).Probe(device ?? Card);

    private void Entry(string text) => File.WriteAllText(Path.Combine(Data, "b8:241"), text);

    private const string Initialised = "I:1764000000000000\n";

    [Fact]
    public void No_entry_yet_or_one_udev_has_not_finished_is_pending_not_a_verdict()
    {
        var missing = Probe();
        Assert.True(missing.IsPending);
        Assert.Contains("no entry", missing.Pending);

        Entry("E:ID_FS_TYPE=vfat\n");
        Assert.True(Probe().IsPending);
    }

    [Fact]
    public void The_previous_mediums_entry_is_pending_even_when_initialised()
    {
        Entry(Initialised + "S:disk/by-diskseq/6-part1\nE:ID_FS_TYPE=ext4\n");
        var stale = Probe();
        Assert.True(stale.IsPending);
        Assert.Contains("earlier medium", stale.Pending);

        Entry(Initialised + "S:disk/by-diskseq/7-part1\nE:ID_FS_TYPE=vfat\nE:ID_FS_LABEL=GOPRO\n");
        Assert.Equal(new FileSystemFacts("vfat", "GOPRO", null), Probe());
    }

    [Fact]
    public void No_file_system_is_a_verdict_only_once_udev_has_no_event_left_to_run()
    {
        Entry(Initialised + "E:ID_BUS=usb\n"); // a superfloppy reader's entry from before the card: no ID_FS_TYPE
        File.WriteAllText(Queue, "");
        var busy = Probe();
        Assert.True(busy.IsPending);
        Assert.Contains("still processing", busy.Pending);

        File.Delete(Queue);
        Assert.Equal(FileSystemFacts.None, Probe());
    }

    [Fact]
    public void A_named_file_system_is_a_verdict_while_udev_is_busy_with_other_events()
    {
        File.WriteAllText(Queue, "");
        Entry(Initialised + "S:disk/by-diskseq/7-part1\nE:ID_FS_TYPE=exfat\nE:ID_FS_UUID=1234-ABCD\n");
        Assert.Equal(new FileSystemFacts("exfat", null, "1234-ABCD"), Probe());
    }

    [Fact]
    public void Without_udev_and_without_blkid_access_nothing_is_known()
    {
        var facts = new FileSystemProbe(Path.Combine(_dir.Path, "no-udev", "data")).Probe(Card);
        Assert.True(facts.IsPending);
        Assert.Contains("blkid cannot read", facts.Pending);
    }
}
