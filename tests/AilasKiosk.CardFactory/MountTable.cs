using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AilasKiosk.CardFactory;

/// <summary>
/// Reads the kernel's view of mounts (/proc/self/mountinfo). FUSE daemons return before or
/// after the mount is visible depending on how they start, so callers poll this instead of sleeping.
/// </summary>
public static partial class MountTable
{
    public sealed record Mount(string MountPoint, string FileSystemType, string Source);

    public static IReadOnlyList<Mount> Read()
    {
        // Fields: id parent major:minor root mount-point options [optional…] - fstype source super-options
        var mounts = new List<Mount>();
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            string[] fields = line.Split(' ');
            int separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 2 >= fields.Length)
                continue;
            mounts.Add(new Mount(Unescape(fields[4]), fields[separator + 1], Unescape(fields[separator + 2])));
        }
        return mounts;
    }

    public static Mount? Find(string mountPoint)
    {
        string path = Normalize(mountPoint);
        return Read().LastOrDefault(m => m.MountPoint == path);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; throws after <paramref name="timeout"/>.</summary>
    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0.#} s");
            Thread.Sleep(20);
        }
    }

    public static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    // mountinfo escapes space, tab, newline and backslash as \ooo octal.
    private static string Unescape(string field) =>
        OctalEscape().Replace(field, m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex OctalEscape();
}
