using AilasKiosk.Platform;

namespace AilasKiosk.Mount;

/// <summary>
/// Invariant 5: nothing on a card may run or act as a device. Every card mount carries these options, whoever
/// makes it (our FUSE mounts here, PID 1's systemd-mount on the kiosk), and each mounter checks them in the mount
/// table before anything reads the card.
/// </summary>
internal static class SafeMountOptions
{
    public static readonly IReadOnlyList<string> Required = ["nosuid", "nodev", "noexec"];

    /// <summary>As `mount -o` takes them.</summary>
    public static string Joined => string.Join(',', Required);

    /// <summary>The required options the mount lacks (none when it is safe to read).</summary>
    public static IReadOnlyList<string> MissingFrom(MountEntry mount) => Required.Where(o => !mount.Options.Contains(o)).ToList();
}
