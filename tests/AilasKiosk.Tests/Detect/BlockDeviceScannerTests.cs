using AilasKiosk.Configuration;
using AilasKiosk.Detect;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Detect;

/// <summary>
/// Which block devices are cards, on a fake sysfs laid out like a Pi's: the system SD card (mmcblk0), a USB card
/// reader with and without a card, a superfloppy card, a stick used by device-mapper, a mounted USB disk.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class BlockDeviceScannerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string Sys => Path.Combine(_dir.Path, "sys");
    private string ClassBlock => Path.Combine(Sys, "class", "block");
    private string MountInfo => Path.Combine(_dir.Path, "mountinfo");

    public BlockDeviceScannerTests()
    {
        Directory.CreateDirectory(ClassBlock);
        File.WriteAllText(MountInfo, "22 1 179:2 / / rw,relatime - ext4 /dev/mmcblk0p2 rw\n");
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A disk under its bus path, linked from class/block as the kernel does; partitions inside it.</summary>
    private void Disk(string name, string bus, long sectors, int diskseq, params (string Name, long Sectors)[] partitions)
    {
        var device = Path.Combine(Sys, "devices", bus, "block", name);
        Directory.CreateDirectory(Path.Combine(device, "device"));
        Directory.CreateDirectory(Path.Combine(device, "holders"));
        File.WriteAllText(Path.Combine(device, "size"), sectors + "\n");
        File.WriteAllText(Path.Combine(device, "dev"), "8:0\n");
        File.WriteAllText(Path.Combine(device, "diskseq"), diskseq + "\n");
        foreach (var (part, size) in partitions)
        {
            var p = Path.Combine(device, part);
            Directory.CreateDirectory(Path.Combine(p, "holders"));
            File.WriteAllText(Path.Combine(p, "partition"), "1\n");
            File.WriteAllText(Path.Combine(p, "size"), size + "\n");
            File.WriteAllText(Path.Combine(p, "dev"), "8:1\n");
            File.CreateSymbolicLink(Path.Combine(ClassBlock, part), p);
        }
        File.CreateSymbolicLink(Path.Combine(ClassBlock, name), device);
    }

    private IReadOnlyList<BlockDevice> Scan(bool loops = false) =>
        new BlockDeviceScanner(new CardsOptions { IncludeLoopDevices = loops, MountRoot = "/run/media/ailas-kiosk" }, ClassBlock, MountInfo).Scan();

    [Fact]
    public void USB_cards_are_found_partitions_first_and_the_system_disk_never()
    {
        Disk("mmcblk0", "platform/fe340000.mmc/mmc_host/mmc0/mmc0:aaaa", 62_521_344, 1, ("mmcblk0p1", 1_048_576), ("mmcblk0p2", 61_000_000));
        Disk("sda", "platform/scb/fd500000.pcie/pci0000:00/0000:01:00.0/usb2/2-1/2-1:1.0/host0/target0:0:0/0:0:0:0", 124_735_488, 7, ("sda1", 124_733_440));
        Disk("sdb", "platform/scb/fd500000.pcie/pci0000:00/0000:01:00.0/usb2/2-2/2-2:1.0/host1/target1:0:0/1:0:0:0", 31_116_288, 8);

        var cards = Scan();

        Assert.Equal(["sda1", "sdb"], cards.Select(c => c.Name));
        var sda1 = cards[0];
        Assert.Equal(("/dev/sda1", "sda", 124_733_440L * 512, false, "sda1#7"), (sda1.DevicePath, sda1.Slot, sda1.SizeBytes, sda1.IsLoop, sda1.Key));
        Assert.Equal("sdb", cards[1].Slot); // superfloppy: the disk itself
        Assert.Equal(["usb:2-1", "usb:2-2"], cards.Select(c => c.Reader)); // the port, not the interface 2-1:1.0
    }

    [Fact]
    public void A_reader_behind_a_hub_is_named_by_its_port_on_the_hub_and_a_loop_device_by_its_image()
    {
        Disk("sda", "platform/scb/fd500000.pcie/pci0000:00/0000:01:00.0/usb1/1-1/1-1.3/1-1.3:1.0/host0/target0:0:0/0:0:0:0", 1000, 3, ("sda1", 900));
        Disk("loop0", "virtual", 131_072, 11);
        Directory.CreateDirectory(Path.Combine(ClassBlock, "loop0", "loop"));
        File.WriteAllText(Path.Combine(ClassBlock, "loop0", "loop", "backing_file"), "/srv/cards/kiosk a/card.img\n");

        var cards = Scan(loops: true);

        Assert.Equal([("loop0", "loop:/srv/cards/kiosk a/card.img"), ("sda1", "usb:1-1.3")], cards.Select(c => (c.Name, c.Reader)));
        var taken = new ReaderFilter(new CardsOptions { Readers = ["usb:1-1.*"] });
        Assert.Equal(["sda1"], cards.Where(taken.Takes).Select(c => c.Name));
        var images = new ReaderFilter(new CardsOptions { Readers = ["usb:2-*", "loop:/srv/cards/kiosk a/*"] });
        Assert.Equal(["loop0"], cards.Where(images.Takes).Select(c => c.Name));
    }

    [Fact]
    public void A_reader_without_a_card_a_device_mapper_member_and_a_disk_mounted_elsewhere_are_not_cards()
    {
        Disk("sda", "usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0", 0, 3); // empty reader: size 0
        Disk("sdb", "usb1/1-2/1-2:1.0/host1/target1:0:0/1:0:0:0", 1000, 4, ("sdb1", 900));
        File.WriteAllText(Path.Combine(ClassBlock, "sdb1", "holders", "dm-0"), "");
        Disk("sdc", "usb1/1-3/1-3:1.0/host2/target2:0:0/2:0:0:0", 1000, 5, ("sdc1", 900));
        File.AppendAllText(MountInfo, "40 22 8:33 / /mnt/backup rw - ext4 /dev/sdc1 rw\n");
        Disk("sdd", "usb1/1-4/1-4:1.0/host3/target3:0:0/3:0:0:0", 1000, 6, ("sdd1", 900));
        File.AppendAllText(MountInfo, "41 22 8:49 / /run/media/ailas-kiosk/sdd1 rw,nosuid,nodev,noexec - vfat /dev/sdd1 rw\n");

        Assert.Equal(["sdd1"], Scan().Select(c => c.Name)); // our own mount is fine
    }

    [Fact]
    public void Loop_devices_count_only_when_asked_and_only_when_attached()
    {
        Disk("loop0", "virtual", 131_072, 11);
        Directory.CreateDirectory(Path.Combine(ClassBlock, "loop0", "loop"));
        File.WriteAllText(Path.Combine(ClassBlock, "loop0", "loop", "backing_file"), "/tmp/card.img\n");
        Disk("loop1", "virtual", 0, 12); // detached

        Assert.Empty(Scan(loops: false));
        var loop = Assert.Single(Scan(loops: true));
        Assert.Equal(("loop0", "loop0", true), (loop.Name, loop.Slot, loop.IsLoop));
    }

    [Fact]
    public void A_loop_device_set_up_by_mount_o_loop_is_someone_elses_mount_not_a_card()
    {
        Disk("loop0", "virtual", 131_072, 11);
        Directory.CreateDirectory(Path.Combine(ClassBlock, "loop0", "loop"));
        File.WriteAllText(Path.Combine(ClassBlock, "loop0", "loop", "backing_file"), "/tmp/card.img\n");
        File.WriteAllText(Path.Combine(ClassBlock, "loop0", "loop", "autoclear"), "0\n");
        Disk("loop1", "virtual", 131_072, 12);
        Directory.CreateDirectory(Path.Combine(ClassBlock, "loop1", "loop"));
        File.WriteAllText(Path.Combine(ClassBlock, "loop1", "loop", "backing_file"), "/tmp/other.img\n");
        File.WriteAllText(Path.Combine(ClassBlock, "loop1", "loop", "autoclear"), "1\n"); // mount -o loop, not yet in mountinfo

        Assert.Equal(["loop0"], Scan(loops: true).Select(c => c.Name));
    }
}
