namespace AilasKiosk.Detect;

/// <summary>
/// A block device holding a medium that may be a camera card.
/// </summary>
/// <param name="Name">Kernel name: "sda1", "loop3".</param>
/// <param name="DevicePath">"/dev/sda1".</param>
/// <param name="Slot">The reader the medium sits in: its whole-disk name ("sda", "loop3"). A fixed reader keeps it across cards.</param>
/// <param name="DeviceNumber">"major:minor", the key of the udev database.</param>
/// <param name="MediumId">
/// The disk's diskseq: the kernel numbers every medium change, so a card swapped faster than the daemon looks is
/// still a new card ("" on kernels before 5.15).
/// </param>
/// <param name="Reader">
/// Where the reader is, stable across boots and plugs: "usb:1-1.3" (the USB port, as the kernel numbers it) or
/// "loop:/path/card.img" (the image behind a loop device); "" when sysfs does not say. What Cards:Readers matches.
/// </param>
internal sealed record BlockDevice(string Name, string DevicePath, string Slot, string DeviceNumber, long SizeBytes, bool IsLoop, string MediumId = "",
    string Reader = "")
{
    /// <summary>This medium in this device: what the daemon tracks an insertion by.</summary>
    public string Key => $"{Name}#{MediumId}";
}
