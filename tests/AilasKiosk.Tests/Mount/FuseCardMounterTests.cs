using AilasKiosk.Configuration;
using AilasKiosk.Detect;
using AilasKiosk.Mount;
using AilasKiosk.Platform;
using AilasKiosk.Tests.Daemon;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AilasKiosk.Tests.Mount;

/// <summary>Detection, probing and FUSE mounting of real card images on loop devices.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public class FuseCardMounterTests
{
    private static (BlockDeviceScanner Scanner, FuseCardMounter Mounter, CardsOptions Options) Parts(TempDirectory dir, bool loops = true)
    {
        var options = new CardsOptions { IncludeLoopDevices = loops, Mount = "fuse", MountRoot = Path.Combine(dir.Path, "media"), MountTimeoutSeconds = 20 };
        return (new BlockDeviceScanner(options), new FuseCardMounter(options, TimeProvider.System, NullLogger<FuseCardMounter>.Instance), options);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_card_on_a_loop_device_is_found_probed_mounted_safely_written_and_released_clean(bool exFat)
    {
        using var dir = new TempDirectory();
        using var card = DaemonCard.Create(TestCard.Small("C3471325208971", photos: 2, seed: 71), exFat);
        var (scanner, mounter, _) = Parts(dir);
        card.Insert();

        var device = Assert.Single(scanner.Scan(), d => d.DevicePath == card.DevicePath);
        Assert.True(device.IsLoop);
        Assert.Equal(device.Name, device.Slot);
        Assert.DoesNotContain(Parts(dir, loops: false).Scanner.Scan(), d => d.DevicePath == card.DevicePath);
        var facts = new FileSystemProbe().Probe(device);
        Assert.Equal(exFat ? "exfat" : "vfat", facts.Type);
        Assert.NotNull(facts.Uuid);

        var mounted = await mounter.MountAsync(device, facts.Type!, CancellationToken.None);
        Assert.True(mounter.IsMounted(mounted));
        var entry = MountTable.Find(mounted.Root)!;
        Assert.Superset(new HashSet<string> { "nosuid", "nodev", "noexec" }, entry.Options.ToHashSet());
        var photo = card.Card!.Photos[0];
        Assert.Equal(TestCard.BytesOf(photo), await File.ReadAllBytesAsync(Path.Combine(mounted.Root, photo.RelativePath)));
        File.Delete(Path.Combine(mounted.Root, photo.RelativePath));

        await mounter.UnmountAsync(mounted, CancellationToken.None);
        Assert.False(mounter.IsMounted(mounted));
        Assert.Null(MountTable.Find(mounted.Root));
        card.Remove();
        Assert.DoesNotContain(card.Files(), f => f == photo.RelativePath);
        card.AssertClean();
    }

    [Fact]
    public async Task A_FUSE_daemon_that_dies_under_the_mount_is_seen_at_once_and_the_dead_mount_is_cleared()
    {
        using var dir = new TempDirectory();
        using var card = DaemonCard.Create(TestCard.Small("C3471325208972", photos: 2, seed: 72));
        var (scanner, mounter, _) = Parts(dir);
        card.Insert();
        var device = Assert.Single(scanner.Scan(), d => d.DevicePath == card.DevicePath);
        var mounted = await mounter.MountAsync(device, "vfat", CancellationToken.None);

        FuseProcesses.KillServing(card.DevicePath);

        Assert.False(mounter.IsMounted(mounted));
        await mounter.UnmountAsync(mounted, CancellationToken.None);
        Assert.Null(MountTable.Find(mounted.Root));
        // Like a real card pulled while mounted, the FAT keeps its dirty bit (invariant 4) — and nothing worse;
        // the next clean mount and unmount clear it.
        card.Remove();
        card.AssertCleanButDirty();
        card.Insert();
        var again = Assert.Single(scanner.Scan(), d => d.DevicePath == card.DevicePath);
        await mounter.UnmountAsync(await mounter.MountAsync(again, "vfat", CancellationToken.None), CancellationToken.None);
        card.Remove();
        card.AssertClean();
    }

    /// <summary>
    /// Found by the soak: the kiosk killed and restarted (its FUSE daemons stopped with it, as systemd does) leaves a
    /// dead mount at the slot's mount point; the next card in that slot used to fail with "already exists".
    /// </summary>
    [Fact]
    public async Task A_dead_mount_left_by_a_killed_kiosk_is_detached_when_the_next_card_comes()
    {
        using var dir = new TempDirectory();
        using var card = DaemonCard.Create(TestCard.Small("C3471325208974", photos: 1, seed: 74));
        var (scanner, before, _) = Parts(dir);
        card.Insert();
        var device = Assert.Single(scanner.Scan(), d => d.DevicePath == card.DevicePath);
        var dead = await before.MountAsync(device, "vfat", CancellationToken.None);
        FuseProcesses.KillServing(card.DevicePath);
        Assert.NotNull(MountTable.Find(dead.Root)); // left behind: nobody unmounts it

        var (_, restarted, _) = Parts(dir);
        var mounted = await restarted.MountAsync(device, "vfat", CancellationToken.None);
        Assert.True(restarted.IsMounted(mounted));
        var photo = card.Card!.Photos[0];
        Assert.Equal(TestCard.BytesOf(photo), await File.ReadAllBytesAsync(Path.Combine(mounted.Root, photo.RelativePath)));
        await restarted.UnmountAsync(mounted, CancellationToken.None);
        Assert.Null(MountTable.Find(mounted.Root));
        card.Remove();
    }

    /// <summary>
    /// Found by the soak: a card pulled while it was being unmounted left its fusefat child (and two pipes) held by the
    /// mounter, and a failed mount never closed its child's pipes. Months of cards would pile them up. This collection
    /// runs alone, so the process's pipes are the mounter's.
    /// </summary>
    [Fact]
    public async Task A_card_pulled_during_its_unmount_and_a_failed_mount_leave_no_pipe_behind()
    {
        using var dir = new TempDirectory();
        using var card = DaemonCard.Create(TestCard.Small("C3471325208973", photos: 1, seed: 73));
        using var blank = DaemonCard.Ext4Stick();
        var (scanner, mounter, _) = Parts(dir);
        var before = OpenPipes();
        card.Insert();
        var device = Assert.Single(scanner.Scan(), d => d.DevicePath == card.DevicePath);
        var mounted = await mounter.MountAsync(device, "vfat", CancellationToken.None);
        FuseProcesses.KillServing(card.DevicePath);
        // The card leaves while the kiosk unmounts it: the unmount is cancelled half way.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mounter.UnmountAsync(mounted, new CancellationToken(canceled: true)));
        card.Remove();
        card.Insert();
        var again = Assert.Single(scanner.Scan(), d => d.DevicePath == card.DevicePath);
        await mounter.UnmountAsync(await mounter.MountAsync(again, "vfat", CancellationToken.None), CancellationToken.None);
        card.Remove();

        blank.Insert();
        var notFat = Assert.Single(scanner.Scan(), d => d.DevicePath == blank.DevicePath);
        await Assert.ThrowsAsync<MountException>(() => mounter.MountAsync(notFat, "vfat", CancellationToken.None));
        blank.Remove();

        Assert.True(OpenPipes() <= before, $"pipes before: {before}, after: {OpenPipes()}");
    }

    /// <summary>
    /// Found by the soak (CI hung on it): fusefat logs every operation. With its output on a pipe of the kiosk's, a
    /// kiosk killed while one of its threads waited on fusefat kept that pipe open unread; fusefat blocked writing
    /// to it before answering, and the kiosk never finished dying. Its output must lead nowhere anyone has to drain.
    /// </summary>
    [Fact]
    public async Task Fusefat_writes_its_chatter_to_dev_null_not_to_a_pipe_the_kiosk_must_drain()
    {
        using var dir = new TempDirectory();
        using var card = DaemonCard.Create(TestCard.Small("C3471325208974", photos: 1, seed: 74));
        var (scanner, mounter, _) = Parts(dir);
        card.Insert();
        var device = Assert.Single(scanner.Scan(), d => d.DevicePath == card.DevicePath);
        var mounted = await mounter.MountAsync(device, "vfat", CancellationToken.None);
        try
        {
            var fusefat = Assert.Single(FuseProcesses.Find(a => a == card.DevicePath));
            foreach (var fd in new[] { 0, 1, 2 })
                Assert.Equal("/dev/null", File.ResolveLinkTarget($"/proc/{fusefat}/fd/{fd}", returnFinalTarget: false)?.FullName);
            Assert.Equal(TestCard.BytesOf(card.Card!.Photos[0]), await File.ReadAllBytesAsync(Path.Combine(mounted.Root, card.Card.Photos[0].RelativePath)));
        }
        finally
        {
            await mounter.UnmountAsync(mounted, CancellationToken.None);
            card.Remove();
        }
    }

    /// <summary>
    /// Found by the soak (seed 707): a kiosk killed with a card mounted leaves the mount; its FUSE daemon stopped with
    /// the service, the card pulled meanwhile, nothing would ever come to that mount point again to detach it.
    /// </summary>
    [Fact]
    public async Task A_restarted_kiosk_detaches_the_dead_mount_a_killed_one_left_and_leaves_live_ones_alone()
    {
        using var dir = new TempDirectory();
        using var gone = DaemonCard.Create(TestCard.Small("C3471325208975", photos: 1, seed: 75));
        using var still = DaemonCard.Create(TestCard.Small("C3471325208976", photos: 1, seed: 76));
        var (scanner, killed, _) = Parts(dir);
        gone.Insert();
        still.Insert();
        var dead = await killed.MountAsync(Assert.Single(scanner.Scan(), d => d.DevicePath == gone.DevicePath), "vfat", CancellationToken.None);
        var live = await killed.MountAsync(Assert.Single(scanner.Scan(), d => d.DevicePath == still.DevicePath), "vfat", CancellationToken.None);
        FuseProcesses.KillServing(gone.DevicePath);
        gone.Remove();

        var restarted = Parts(dir).Mounter;
        await restarted.ReleaseLeftoversAsync(CancellationToken.None);
        Assert.Null(MountTable.Find(dead.Root));
        Assert.False(Directory.Exists(dead.Root));
        Assert.True(MountPoints.IsLive(live.Root));
        await killed.UnmountAsync(live, CancellationToken.None);
        still.Remove();
    }

    private static int OpenPipes() =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try { return File.ResolveLinkTarget(fd, returnFinalTarget: false)?.FullName.Contains("pipe:[", StringComparison.Ordinal) == true; }
            catch (IOException) { return false; } // closed meanwhile
        });

    [Fact]
    public async Task An_ext4_stick_is_probed_as_ext4_and_never_mounted()
    {
        using var dir = new TempDirectory();
        using var stick = DaemonCard.Ext4Stick();
        var (scanner, mounter, _) = Parts(dir);
        stick.Insert();
        var device = Assert.Single(scanner.Scan(), d => d.DevicePath == stick.DevicePath);
        var facts = new FileSystemProbe().Probe(device);
        Assert.Equal(("ext4", "PHONE"), (facts.Type, facts.Label));
        var refused = await Assert.ThrowsAsync<MountException>(() => mounter.MountAsync(device, "ext4", CancellationToken.None));
        Assert.Contains("not a camera card", refused.Message);
    }

    [Fact]
    public void Mountinfo_lines_are_parsed_with_escapes_and_both_option_sets()
    {
        var lines = new[]
        {
            @"36 35 98:0 / /run/media/ailas-kiosk/sda1 rw,nosuid,nodev,noexec,relatime shared:1 - vfat /dev/sda1 rw,uid=971,gid=971,fmask=0137",
            @"37 35 98:1 / /mnt/with\040space rw,relatime - exfat /dev/sdb1 rw",
            "garbage line",
        };
        var mounts = MountTable.Parse(lines);
        Assert.Equal(2, mounts.Count);
        Assert.Equal(("/run/media/ailas-kiosk/sda1", "vfat", "/dev/sda1"), (mounts[0].MountPoint, mounts[0].FileSystemType, mounts[0].Source));
        Assert.Contains("noexec", mounts[0].Options);
        Assert.Contains("uid=971", mounts[0].Options);
        Assert.Equal("/mnt/with space", mounts[1].MountPoint);
        Assert.True(MountTable.IsUnder("/run/media/ailas-kiosk/sda1", "/run/media/ailas-kiosk/"));
        Assert.False(MountTable.IsUnder("/run/media/ailas-kiosk-other/sda1", "/run/media/ailas-kiosk"));
    }

    [Fact]
    public void Udev_and_blkid_answers_are_read_and_hostile_labels_cleaned()
    {
        using var dir = new TempDirectory();
        var db = Path.Combine(dir.Path, "b8:1");
        File.WriteAllText(db, "S:disk/by-uuid/1234-ABCD\nI:1764000000000000\nE:ID_FS_TYPE=vfat\nE:ID_FS_LABEL=GOPRO\nE:ID_FS_UUID=1234-ABCD\nG:systemd\n");
        Assert.Equal(new FileSystemFacts("vfat", "GOPRO", "1234-ABCD"), FileSystemProbe.FromUdev(db));
        Assert.True(FileSystemProbe.FromUdev(Path.Combine(dir.Path, "b8:2")).IsPending);
        var hostile = FileSystemProbe.ParseBlkidExport("DEVNAME=/dev/sdb1\nLABEL=AB\u001b[31mC" + new string('X', 100) + "\nTYPE=exfat\n");
        Assert.Equal("exfat", hostile.Type);
        Assert.DoesNotContain('\u001b', hostile.Label!);
        Assert.True(hostile.Label!.Length <= 32);
    }
}
