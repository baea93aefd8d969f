using AilasKiosk.Configuration;
using AilasKiosk.Detect;
using AilasKiosk.Platform;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Mount;

/// <summary>
/// Cards:Mount=systemd — production. The udev rule (systemd/99-ailas-kiosk.rules) has already asked PID 1 to mount
/// the card at Cards:MountRoot/&lt;name&gt; with nosuid,nodev,noexec and the kiosk's uid; this only waits for that mount
/// and checks its options. To unmount it starts the root-owned ailas-kiosk-eject@&lt;name&gt; unit, which a polkit rule
/// lets only the kiosk user start: the daemon itself holds no mount privilege.
/// </summary>
internal sealed class SystemdCardMounter(CardsOptions options, TimeProvider time, ILogger<SystemdCardMounter> log) : ICardMounter
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    public async Task<MountedCard> MountAsync(BlockDevice device, string fileSystemType, CancellationToken cancellationToken)
    {
        var target = MountPoints.For(options.MountRoot, device);
        MountEntry? mounted = null;
        if (!await MountPoints.WaitForAsync(() => (mounted = MountTable.Find(target)) is not null,
                TimeSpan.FromSeconds(options.MountTimeoutSeconds), time, cancellationToken))
            throw new MountException($"{device.DevicePath} was not mounted at {target} within {options.MountTimeoutSeconds} s "
                                     + "(is 99-ailas-kiosk.rules installed? udevadm control --reload; journalctl -u systemd-udevd)");
        if (mounted!.Source != device.DevicePath)
            throw new MountException($"{target} holds {mounted.Source}, not {device.DevicePath}");
        var missing = SafeMountOptions.MissingFrom(mounted);
        if (missing.Count > 0)
            throw new MountException($"{target} is mounted without {string.Join(", ", missing)}: refused (check 99-ailas-kiosk.rules)");
        log.LogDebug("{Device} mounted by systemd at {Target} ({Type})", device.DevicePath, target, mounted.FileSystemType);
        return new MountedCard(device, target, fileSystemType);
    }

    public async Task UnmountAsync(MountedCard card, CancellationToken cancellationToken)
    {
        if (MountTable.Find(card.Root) is null)
            return;
        Platform.Posix.SyncFileSystem(card.Root);
        var unit = $"ailas-kiosk-eject@{card.Device.Name}.service";
        // --no-ask-password: polkit answers from its rule; never wait for a password prompt nobody will see.
        var run = await Command.RunAsync("systemctl", ["--no-ask-password", "start", unit], ToolTimeout, cancellationToken);
        if (run.ExitCode != 0)
            throw new MountException($"systemctl start {unit} failed: {run.Output}");
        if (!await MountPoints.WaitForAsync(() => MountTable.Find(card.Root) is null, ToolTimeout, time, cancellationToken))
            throw new MountException($"{card.Root} is still mounted after {unit}");
    }

    public bool IsMounted(MountedCard card) => MountPoints.HasMedium(card.Device) && MountPoints.IsLive(card.Root);

    public MountedCard? FindMount(BlockDevice device) => MountPoints.Find(options.MountRoot, device, fromDevice: true);
}
