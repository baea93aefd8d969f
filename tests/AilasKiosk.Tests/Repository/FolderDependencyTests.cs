using System.Text.RegularExpressions;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Repository;

/// <summary>
/// The source tree reads as the flow of a card, with hardware and infrastructure at the edges: a folder may use
/// the folders below it, never one that uses it back. A cycle between folders means two responsibilities that
/// cannot be understood (or changed) one without the other. Dependencies are what the code declares: a
/// `using AilasKiosk.X` or a name qualified with `AilasKiosk.X.` in a file of another top-level folder.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string Source = Path.Combine(Repo.Root, "src", "AilasKiosk");

    [Fact]
    public void No_two_folders_depend_on_each_other_even_through_others()
    {
        var graph = DependencyGraph(Source);
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, "a cycle between folders: " + (cycle is null ? "" : string.Join(" → ", cycle))
            + "\n" + string.Join("\n", graph.OrderBy(g => g.Key).Select(g => $"{g.Key} → {string.Join(", ", g.Value.Order())}")));
    }

    [Fact]
    public void Every_file_declares_the_namespace_of_its_folder()
    {
        // The dependency check above reads namespaces; it is only right if they follow the folders.
        var wrong = SourceFiles(Source)
            .Select(f => (file: f, declared: NamespaceDeclaration().Match(File.ReadAllText(f)).Groups["ns"].Value))
            .Where(f => f.declared != ExpectedNamespace(f.file))
            .Select(f => $"{Path.GetRelativePath(Repo.Root, f.file)} declares '{f.declared}'")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void A_cycle_is_found_when_there_is_one()
    {
        // The check must be able to fail: two folders using each other, through a third.
        using var dir = new TempDirectory();
        Write(dir.Path, "Detect/Scanner.cs", "using AilasKiosk.Mount;\nnamespace AilasKiosk.Detect;\nclass Scanner {}");
        Write(dir.Path, "Mount/Mounter.cs", "namespace AilasKiosk.Mount;\nclass Mounter { AilasKiosk.Platform.Posix? p; }");
        Write(dir.Path, "Platform/Posix.cs", "using AilasKiosk.Detect;\nnamespace AilasKiosk.Platform;\nclass Posix {}");
        Write(dir.Path, "Wipe/Wiper.cs", "using AilasKiosk.Platform;\nnamespace AilasKiosk.Wipe;\nclass Wiper {}");

        var cycle = FindCycle(DependencyGraph(dir.Path));

        Assert.Equal(["Detect", "Mount", "Platform", "Detect"], cycle);
    }

    private static Dictionary<string, HashSet<string>> DependencyGraph(string source)
    {
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var file in SourceFiles(source))
        {
            var relative = Path.GetRelativePath(source, file).Split(Path.DirectorySeparatorChar);
            if (relative.Length < 2)
                continue; // Program.cs: the composition root may use every folder
            var from = relative[0];
            var uses = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            var text = NamespaceDeclaration().Replace(File.ReadAllText(file), "");
            foreach (Match m in Reference().Matches(text))
                if (m.Groups["folder"].Value != from)
                    uses.Add(m.Groups["folder"].Value);
        }
        return graph;
    }

    /// <summary>A path of folders that comes back to where it started, or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(); // 1: on the current path, 2: done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []).Order())
            {
                if (state.GetValueOrDefault(next) == 1)
                    return [.. path.SkipWhile(n => n != next), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                    return found;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys.Order())
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
                return cycle;
        return null;
    }

    private static IEnumerable<string> SourceFiles(string source) =>
        Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(source, f).Split(Path.DirectorySeparatorChar)[0] is not ("obj" or "bin"));

    private static string ExpectedNamespace(string file)
    {
        var folders = Path.GetDirectoryName(Path.GetRelativePath(Source, file))!;
        return folders.Length == 0 ? "" : "AilasKiosk." + folders.Replace(Path.DirectorySeparatorChar, '.');
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [GeneratedRegex(@"^namespace (?<ns>[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    // `using AilasKiosk.X…`, `using static AilasKiosk.X…`, `using Alias = AilasKiosk.X…` and `AilasKiosk.X.Name` in code.
    [GeneratedRegex(@"\bAilasKiosk\.(?<folder>[A-Z]\w*)\b")]
    private static partial Regex Reference();
}
