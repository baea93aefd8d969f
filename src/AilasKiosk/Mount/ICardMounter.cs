using AilasKiosk.Detect;

namespace AilasKiosk.Mount;

/// <summary>A card's file system, mounted: <see cref="Root"/> is what the engine reads.</summary>
internal sealed record MountedCard(BlockDevice Device, string Root, string FileSystemType);

/// <summary>Mounts a card's file system (nosuid, nodev, noexec: invariant 5) and releases it again.</summary>
internal interface ICardMounter
{
    /// <exception cref="MountException">The medium cannot be mounted, or not safely.</exception>
    Task<MountedCard> MountAsync(BlockDevice device, string fileSystemType, CancellationToken cancellationToken);

    /// <summary>Flushes, unmounts and waits until the device is let go of: after this the card may be pulled.</summary>
    /// <exception cref="MountException">It stays mounted.</exception>
    Task UnmountAsync(MountedCard card, CancellationToken cancellationToken);

    /// <summary>Still mounted and answering: false once the card was pulled or the FUSE daemon died.</summary>
    bool IsMounted(MountedCard card);

    /// <summary>
    /// The medium's mount at its mount point, whoever made it, or null. In production PID 1 mounts every card udev
    /// calls FAT or exFAT, whatever the kiosk makes of it; <see cref="UnmountAsync"/> ejects it.
    /// </summary>
    MountedCard? FindMount(BlockDevice device);

    /// <summary>
    /// At start: what an earlier run of the kiosk left mounted and dead (killed with a card mounted by its own FUSE
    /// daemon, whose card has gone since). Nothing to do where PID 1 owns the mounts.
    /// </summary>
    Task ReleaseLeftoversAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class MountException(string message) : Exception(message);
