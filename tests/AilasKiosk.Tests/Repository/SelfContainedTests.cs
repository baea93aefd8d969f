using System.Diagnostics;
using System.Text.RegularExpressions;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Repository;

/// <summary>
/// Whoever clones the repository gets nothing else: no tracked file may lean on a path outside it (the team's
/// reference shelf beside the checkout, the machine it was written on), and every relative link in the
/// documentation must land on a file that is in the repository.
/// </summary>
public sealed partial class SelfContainedTests
{
    // Built from parts so that this file does not match itself.
    private static readonly string[] OutsidePaths = ["../" + "shared", "/" + "work/"];

    [Fact]
    public void No_tracked_file_refers_to_a_path_outside_the_repository()
    {
        var offenders = TrackedTextFiles()
            .SelectMany(file => File.ReadLines(Path.Combine(Repo.Root, file))
                .Select((line, i) => (file, number: i + 1, line))
                .Where(l => OutsidePaths.Any(p => l.line.Contains(p, StringComparison.Ordinal))))
            .Select(l => $"{l.file}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "references outside the repository:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Every_relative_link_in_the_documentation_lands_inside_the_repository()
    {
        var root = Path.GetFullPath(Repo.Root) + Path.DirectorySeparatorChar;
        var files = TrackedFiles();
        var tracked = files.Select(f => Path.GetFullPath(Path.Combine(Repo.Root, f))).ToHashSet();
        var broken = new List<string>();
        foreach (var file in files.Where(f => f.EndsWith(".md", StringComparison.Ordinal)))
        {
            var dir = Path.GetDirectoryName(Path.Combine(Repo.Root, file))!;
            foreach (Match m in MarkdownLink().Matches(File.ReadAllText(Path.Combine(Repo.Root, file))))
            {
                var target = m.Groups["target"].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                    continue;
                var full = Path.GetFullPath(Path.Combine(dir, Uri.UnescapeDataString(target)));
                var isTrackedDir = tracked.Any(t => t.StartsWith(full.TrimEnd('/') + "/", StringComparison.Ordinal));
                if (!full.StartsWith(root, StringComparison.Ordinal) || !(tracked.Contains(full) || isTrackedDir))
                    broken.Add($"{file}: ({target})");
            }
        }

        Assert.True(broken.Count == 0, "links to nothing in the repository:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void The_check_sees_an_outside_reference()
    {
        // The scan above must be able to fail: a line as a careless edit would write it is caught.
        var line = "see " + "../" + "shared/DESIGN.md §7";
        Assert.Contains(OutsidePaths, p => line.Contains(p, StringComparison.Ordinal));
        Assert.Matches(MarkdownLink(), "[design](../" + "shared/DESIGN.md)");
    }

    // [text](target) — images too; the target ends at a space (a title) or the closing parenthesis.
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    private static IEnumerable<string> TrackedTextFiles() =>
        TrackedFiles().Where(f => !IsBinary(Path.Combine(Repo.Root, f)));

    private static List<string> TrackedFiles()
    {
        var git = Process.Start(new ProcessStartInfo("git", ["-C", Repo.Root, "ls-files", "-z"])
        {
            RedirectStandardOutput = true,
        })!;
        var output = git.StandardOutput.ReadToEnd();
        Assert.True(git.WaitForExit(30_000), "git ls-files did not finish");
        Assert.Equal(0, git.ExitCode);
        // Files deleted in the working tree but not yet from the index are not there to read.
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => File.Exists(Path.Combine(Repo.Root, f))).ToList();
    }

    private static bool IsBinary(string path)
    {
        Span<byte> head = stackalloc byte[8000];
        using var stream = File.OpenRead(path);
        var read = stream.Read(head);
        return head[..read].Contains((byte)0);
    }
}
