using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// A card image "inserted" in a reader: attached to a free loop device. Disposing detaches it ("removes" the card);
/// a device still held open (a FUSE daemon) is detached by the kernel once it is let go of (autoclear).
/// </summary>
public sealed class LoopDevice : IDisposable
{
    private LoopDevice(string devicePath) => DevicePath = devicePath;

    public string DevicePath { get; }
    public string Name => Path.GetFileName(DevicePath);

    public static LoopDevice Attach(string imagePath) =>
        new(Tool.Run("losetup", "--find", "--show", imagePath).StdOut.Trim());

    public void Dispose()
    {
        var sysfs = $"/sys/class/block/{Name}/loop/backing_file";
        if (File.Exists(sysfs))
            Tool.Run("losetup", ["-d", DevicePath], null, throwOnFailure: false);
    }
}
