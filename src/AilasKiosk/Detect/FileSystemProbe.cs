using System.Diagnostics;
using System.Text;

namespace AilasKiosk.Detect;

/// <summary>What is on a medium: file-system type, label and UUID (label and UUID untrusted, cleaned).</summary>
public sealed record FileSystemFacts(string? Type, string? Label, string? Uuid)
{
    public static readonly FileSystemFacts Unknown = new(null, null, null);
}

/// <summary>Tells what file system a medium holds, without mounting it.</summary>
public interface IFileSystemProbe
{
    FileSystemFacts Probe(BlockDevice device);
}

/// <summary>
/// Asks udev's database first (/run/udev/data/b&lt;major:minor&gt;: production, where the kiosk user may not read raw
/// devices), else `blkid -p` (machines without udev, like CI; needs read access to the device). blkid is bounded in
/// time: a dying card can hang a read.
/// </summary>
public sealed class FileSystemProbe(string udevData = "/run/udev/data") : IFileSystemProbe
{
    private static readonly TimeSpan BlkidTimeout = TimeSpan.FromSeconds(10);

    /// <summary>FAT labels are 11 bytes, exFAT 15 characters; anything longer is not from a camera.</summary>
    private const int MaxLabelLength = 32;

    public FileSystemFacts Probe(BlockDevice device) =>
        FromUdev(Path.Combine(udevData, "b" + device.DeviceNumber)) ?? FromBlkid(device.DevicePath) ?? FileSystemFacts.Unknown;

    /// <summary>udev's E: lines, e.g. E:ID_FS_TYPE=vfat. Null when udev does not know the device.</summary>
    public static FileSystemFacts? FromUdev(string databaseFile)
    {
        if (!File.Exists(databaseFile))
            return null;
        var values = File.ReadLines(databaseFile).Where(l => l.StartsWith("E:", StringComparison.Ordinal))
            .Select(l => l[2..].Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        if (!values.TryGetValue("ID_FS_TYPE", out var type))
            return null;
        return new FileSystemFacts(Clean(type), Clean(values.GetValueOrDefault("ID_FS_LABEL")), Clean(values.GetValueOrDefault("ID_FS_UUID")));
    }

    /// <summary>blkid's export format: KEY=value lines.</summary>
    public static FileSystemFacts ParseBlkidExport(string output)
    {
        var values = output.Split('\n').Select(l => l.Trim().Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        return new FileSystemFacts(Clean(values.GetValueOrDefault("TYPE")), Clean(values.GetValueOrDefault("LABEL")), Clean(values.GetValueOrDefault("UUID")));
    }

    private static FileSystemFacts? FromBlkid(string devicePath)
    {
        var psi = new ProcessStartInfo("blkid") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", "-o", "export", devicePath })
            psi.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(psi);
            if (process is null)
                return null;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(BlkidTimeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            // Exit 2: nothing recognised on the medium (blank or unknown): a known answer, not a failure.
            return process.ExitCode is 0 or 2 ? ParseBlkidExport(output.Result) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no blkid
        }
    }

    /// <summary>Labels come from the card: keep printable characters only, bounded.</summary>
    private static string? Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        var text = new StringBuilder();
        foreach (var c in value.Replace("\\x20", " ", StringComparison.Ordinal))
            if (!char.IsControl(c) && text.Length < MaxLabelLength)
                text.Append(c);
        var cleaned = text.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}
