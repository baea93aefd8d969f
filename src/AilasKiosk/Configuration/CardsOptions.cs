namespace AilasKiosk.Configuration;

/// <summary>How the daemon finds and mounts cards (`run`).</summary>
internal sealed class CardsOptions
{
    /// <summary>
    /// How a card's file system gets mounted. "systemd": the udev rule asks PID 1 (systemd-mount) and the daemon
    /// waits for the mount under <see cref="MountRoot"/>; it needs no privilege (production). "fuse": the daemon
    /// mounts it itself with fusefat / exfat-fuse (machines without kernel vfat, like CI; needs root).
    /// </summary>
    public string Mount { get; set; } = "systemd";

    /// <summary>Where card file systems are mounted, one directory per kernel device name (sda1, loop3).</summary>
    public string MountRoot { get; set; } = "/run/media/ailas-kiosk";

    /// <summary>Also take loop devices as cards: tests and demos attach real card images with losetup.</summary>
    public bool IncludeLoopDevices { get; set; }

    /// <summary>
    /// The readers this kiosk takes cards from; empty: every one. Patterns ('*' any run of characters, '?' one) on the
    /// reader's place as the log's "Card inserted" line names it: "usb:1-1.3" (a USB port) or "loop:/path/card.img".
    /// </summary>
    public List<string> Readers { get; set; } = [];

    /// <summary>How often the block devices are looked at. Insert → working must stay under 2 s.</summary>
    public double PollSeconds { get; set; } = 0.5;

    /// <summary>How long a card's mount may take to appear (systemd) or to come up (fuse).</summary>
    public int MountTimeoutSeconds { get; set; } = 30;
}
