using System.Text.RegularExpressions;

namespace AilasKiosk.Platform;

/// <summary>One line of /proc/self/mountinfo: where, what, from which device, with which options.</summary>
internal sealed record MountEntry(string MountPoint, string FileSystemType, string Source, IReadOnlySet<string> Options);

/// <summary>
/// The kernel's mount table (/proc/self/mountinfo). Mounts appear and go asynchronously (PID 1, FUSE daemons), so
/// callers poll it rather than sleep.
/// </summary>
internal static partial class MountTable
{
    public const string ProcSelfMountInfo = "/proc/self/mountinfo";

    public static IReadOnlyList<MountEntry> Read(string path = ProcSelfMountInfo) => Parse(File.ReadLines(path));

    /// <summary>Fields: id parent major:minor root mount-point mount-options [optional…] - fstype source super-options.</summary>
    public static IReadOnlyList<MountEntry> Parse(IEnumerable<string> lines)
    {
        var mounts = new List<MountEntry>();
        foreach (var line in lines)
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 6 || separator < 6 || separator + 2 >= fields.Length)
                continue;
            // Per-mount options (nosuid, nodev, noexec live here) and the super block's (uid=, fmask=) together.
            var options = fields[5].Split(',').Concat(separator + 3 < fields.Length ? fields[separator + 3].Split(',') : [])
                .ToHashSet(StringComparer.Ordinal);
            mounts.Add(new MountEntry(Unescape(fields[4]), fields[separator + 1], Unescape(fields[separator + 2]), options));
        }
        return mounts;
    }

    public static MountEntry? Find(string mountPoint, string path = ProcSelfMountInfo)
    {
        var wanted = Path.TrimEndingDirectorySeparator(mountPoint);
        return Read(path).LastOrDefault(m => m.MountPoint == wanted);
    }

    public static bool IsUnder(string path, string directory)
    {
        var root = Path.TrimEndingDirectorySeparator(directory) + "/";
        return path.StartsWith(root, StringComparison.Ordinal);
    }

    /// <summary>mountinfo writes space, tab, newline and backslash as \ooo octal.</summary>
    public static string Unescape(string field) =>
        OctalEscape().Replace(field, m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex OctalEscape();
}
