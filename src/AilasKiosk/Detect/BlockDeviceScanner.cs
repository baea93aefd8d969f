using System.Text.RegularExpressions;
using AilasKiosk.Configuration;
using AilasKiosk.Platform;

namespace AilasKiosk.Detect;

/// <summary>
/// Lists the media that may be camera cards, from sysfs: USB mass-storage disks (card readers, sticks) and, when
/// Cards:IncludeLoopDevices, attached loop devices (card images in tests and demos). A partitioned medium gives its
/// partitions, an unpartitioned one (superfloppy) itself. Never the system disk: a medium with a partition mounted
/// outside Cards:MountRoot, or used by device-mapper/RAID (holders), is not a card. Cheap: a few small sysfs reads.
/// </summary>
internal sealed partial class BlockDeviceScanner(CardsOptions options, string sysClassBlock = "/sys/class/block", string mountInfo = MountTable.ProcSelfMountInfo)
{
    /// <summary>sysfs sizes are in 512-byte sectors, whatever the device's own sector size.</summary>
    private const long SysfsSectorBytes = 512;

    public IReadOnlyList<BlockDevice> Scan()
    {
        if (!Directory.Exists(sysClassBlock))
            return [];
        var mounts = MountTable.Read(mountInfo);
        var found = new List<BlockDevice>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(sysClassBlock).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (File.Exists(Path.Combine(entry, "partition")))
                continue; // reached through its disk below
            var isLoop = name.StartsWith("loop", StringComparison.Ordinal);
            var device = isLoop ? null : DevicePath(entry);
            if (isLoop ? !IsCardImage(entry) : device is null || !IsUsbDisk(entry, device))
                continue;
            var reader = isLoop ? "loop:" + ReadText(Path.Combine(entry, "loop", "backing_file")) : "usb:" + UsbPort(device!);
            var partitions = Directory.EnumerateDirectories(entry, name + "*")
                .Where(p => File.Exists(Path.Combine(p, "partition"))).Order(StringComparer.Ordinal).ToList();
            var media = partitions.Count > 0 ? partitions : [entry];
            if (media.Append(entry).Any(m => HasHolders(m) || IsMountedElsewhere(Path.GetFileName(m), mounts)))
                continue;
            foreach (var medium in media)
            {
                var size = ReadLong(Path.Combine(medium, "size")) * SysfsSectorBytes;
                if (size <= 0)
                    continue; // a reader without a card
                var mediumName = Path.GetFileName(medium);
                found.Add(new BlockDevice(mediumName, "/dev/" + mediumName, name, ReadText(Path.Combine(medium, "dev")) ?? "", size, isLoop,
                    ReadText(Path.Combine(entry, "diskseq")) ?? "", reader));
            }
        }
        return found;
    }

    /// <summary>
    /// An attached loop device, when asked for: a card image in a "reader". Not one set up by `mount -o loop`
    /// (autoclear): that belongs to someone's mount of an image, and is seen here before the mount itself is.
    /// </summary>
    private bool IsCardImage(string entry) =>
        options.IncludeLoopDevices
        && File.Exists(Path.Combine(entry, "loop", "backing_file"))
        && ReadText(Path.Combine(entry, "loop", "autoclear")) != "1";

    /// <summary>Where the disk sits in the device tree (its class/block link resolved), or null when it went away.</summary>
    private static string? DevicePath(string entry)
    {
        try
        {
            return new DirectoryInfo(entry).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? entry;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>USB mass storage: the device's sysfs path runs through a USB bus.</summary>
    private static bool IsUsbDisk(string entry, string devicePath) =>
        devicePath.Contains("/usb", StringComparison.Ordinal) && Directory.Exists(Path.Combine(entry, "device"));

    /// <summary>
    /// The USB port a disk hangs from: the last USB device in its sysfs path ("2-1" for bus 2 port 1, "1-1.3" for
    /// port 3 of a hub on bus 1 port 1), not an interface ("2-1:1.0"). Stable as long as the reader stays in its port.
    /// </summary>
    private static string UsbPort(string devicePath) => devicePath.Split('/').LastOrDefault(UsbDevice().IsMatch) ?? "";

    /// <summary>A USB device's sysfs name: bus-port, then .port for each hub on the way.</summary>
    [GeneratedRegex(@"^[0-9]+-[0-9]+(\.[0-9]+)*$")]
    private static partial Regex UsbDevice();

    private static bool HasHolders(string entry)
    {
        var holders = Path.Combine(entry, "holders");
        return Directory.Exists(holders) && Directory.EnumerateFileSystemEntries(holders).Any();
    }

    private bool IsMountedElsewhere(string name, IReadOnlyList<MountEntry> mounts) =>
        mounts.Any(m => m.Source == "/dev/" + name && !MountTable.IsUnder(m.MountPoint, options.MountRoot));

    private static long ReadLong(string path) => long.TryParse(ReadText(path), out var value) ? value : 0;

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null; // the device went away between listing and reading
        }
    }
}
