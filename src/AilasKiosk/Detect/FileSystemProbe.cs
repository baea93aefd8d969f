using System.Diagnostics;
using System.Text;

namespace AilasKiosk.Detect;

/// <summary>
/// What is on a medium: file-system type, label and UUID (label and UUID untrusted, cleaned). A verdict unless
/// <see cref="Pending"/> says what the probe still waits for: then the medium is not judged yet (udev has not
/// finished with a card just inserted), and the facts are only what udev's entry said so far, if anything.
/// </summary>
internal sealed record FileSystemFacts(string? Type, string? Label, string? Uuid)
{
    /// <summary>Nothing recognised on the medium (blank, or a file system nobody knows): a verdict.</summary>
    public static readonly FileSystemFacts None = new(null, null, null);

    /// <summary>Not known yet: <paramref name="what"/> is what the probe waits for, for the log.</summary>
    public static FileSystemFacts Waiting(string what) => new(null, null, null) { Pending = what };

    public string? Pending { get; init; }

    public bool IsPending => Pending is not null;
}

/// <summary>Tells what file system a medium holds, without mounting it.</summary>
internal interface IFileSystemProbe
{
    /// <summary>Quick (one small file read, or blkid bounded in time); callers look again while it is pending.</summary>
    FileSystemFacts Probe(BlockDevice device);
}

/// <summary>
/// Asks udev's database (/run/udev/data/b&lt;major:minor&gt;) where udev runs: in production the kiosk user may not
/// read raw devices, so only udev can tell. udev probes a medium a moment after the kernel shows it, and until its
/// event has run the entry is missing or still the previous medium's; so an entry is udev's verdict only when it is
/// initialised (an I: line), not an earlier medium's (its disk/by-diskseq link, when there is one, names the
/// medium's diskseq), and, when it names no file system, udev has no event left to run (no /run/udev/queue).
/// Meanwhile `blkid -p` answers if it may read the device (root); else the result is pending. Without udev (CI),
/// `blkid -p` alone. blkid is bounded in time: a dying card can hang a read.
/// </summary>
internal sealed class FileSystemProbe(string udevData = "/run/udev/data") : IFileSystemProbe
{
    private static readonly TimeSpan BlkidTimeout = TimeSpan.FromSeconds(10);

    /// <summary>FAT labels are 11 bytes, exFAT 15 characters; anything longer is not from a camera.</summary>
    private const int MaxLabelLength = 32;

    private const string DiskseqLink = "disk/by-diskseq/";

    public FileSystemFacts Probe(BlockDevice device)
    {
        if (!Directory.Exists(udevData))
            return FromBlkid(device.DevicePath) ?? FileSystemFacts.Waiting($"blkid cannot read {device.DevicePath}");
        // udev touches <run>/udev/queue while it has events queued or running (what `udevadm settle` waits for).
        var busy = File.Exists(Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(udevData)) ?? "/", "queue"));
        var udev = FromUdev(Path.Combine(udevData, "b" + device.DeviceNumber), device.MediumId, busy);
        return udev.IsPending ? FromBlkid(device.DevicePath) ?? udev : udev;
    }

    /// <summary>
    /// udev's entry for a device: I: (initialised), S: (links, with disk/by-diskseq/N[-partK]), E:KEY=value (e.g.
    /// E:ID_FS_TYPE=vfat). Pending unless it is udev's verdict on the medium with diskseq <paramref name="mediumId"/>.
    /// </summary>
    /// <param name="udevBusy">udev has events queued or running: an entry naming no file system may be about to change.</param>
    public static FileSystemFacts FromUdev(string databaseFile, string mediumId = "", bool udevBusy = false)
    {
        var device = Path.GetFileName(databaseFile);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(databaseFile);
        }
        catch (FileNotFoundException)
        {
            return FileSystemFacts.Waiting($"udev has no entry for {device} yet");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileSystemFacts.Waiting($"udev's entry for {device} cannot be read: {e.Message}");
        }
        if (!lines.Any(l => l.StartsWith("I:", StringComparison.Ordinal)))
            return FileSystemFacts.Waiting($"udev has not finished with {device} (its entry is not initialised)");
        var values = lines.Where(l => l.StartsWith("E:", StringComparison.Ordinal))
            .Select(l => l[2..].Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        var type = Clean(values.GetValueOrDefault("ID_FS_TYPE"));
        var facts = new FileSystemFacts(type, Clean(values.GetValueOrDefault("ID_FS_LABEL")), Clean(values.GetValueOrDefault("ID_FS_UUID")));
        var seqs = lines.Where(l => l.StartsWith("S:" + DiskseqLink, StringComparison.Ordinal))
            .Select(l => l[(2 + DiskseqLink.Length)..].Split("-part")[0]).ToList();
        if (mediumId.Length > 0 && seqs.Count > 0 && !seqs.Contains(mediumId))
            return facts with { Pending = $"udev's entry for {device} is an earlier medium's (diskseq {seqs[0]}, now {mediumId})" };
        if (type is null && udevBusy)
            return facts with { Pending = $"udev's entry for {device} names no file system while udev is still processing events" };
        return facts;
    }

    /// <summary>blkid's export format: KEY=value lines.</summary>
    public static FileSystemFacts ParseBlkidExport(string output)
    {
        var values = output.Split('\n').Select(l => l.Trim().Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        return new FileSystemFacts(Clean(values.GetValueOrDefault("TYPE")), Clean(values.GetValueOrDefault("LABEL")), Clean(values.GetValueOrDefault("UUID")));
    }

    /// <summary>Null when blkid cannot read the device (not there, no permission, no blkid, hung).</summary>
    private static FileSystemFacts? FromBlkid(string devicePath)
    {
        if (!File.Exists(devicePath))
            return null; // blkid -p says "nothing found" (exit 2) about a device that is not there
        var psi = new ProcessStartInfo("blkid") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", "-o", "export", devicePath })
            psi.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(psi);
            if (process is null)
                return null;
            // Closed here: Process.Dispose leaves the pipes it handed out open until a GC.
            using var stdout = process.StandardOutput;
            using var stderr = process.StandardError;
            var output = stdout.ReadToEndAsync();
            var errors = stderr.ReadToEndAsync();
            if (!process.WaitForExit(BlkidTimeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            // Exit 2: nothing recognised on the medium (blank or unknown), a known answer; but blkid also exits 2 when it
            // cannot open the device ("blkid: error: /dev/sda: Permission denied" for the unprivileged kiosk user).
            return process.ExitCode == 0 || (process.ExitCode == 2 && errors.Result.Trim().Length == 0) ? ParseBlkidExport(output.Result) : null;
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
