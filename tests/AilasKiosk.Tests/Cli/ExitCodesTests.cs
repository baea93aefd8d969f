using System.Reflection;
using System.Text.RegularExpressions;
using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Cli;

/// <summary>Each exit code has one meaning, and the README's table says the same as the code.</summary>
public sealed partial class ExitCodesTests
{
    private static readonly Dictionary<string, int> Codes = typeof(ExitCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(int))
        .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

    [Fact]
    public void No_two_meanings_share_a_code()
    {
        var shared = Codes.GroupBy(c => c.Value).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Key))}").ToList();
        Assert.True(shared.Count == 0, "codes with several meanings: " + string.Join("; ", shared));
        Assert.Equal(1, Codes[nameof(ExitCodes.InternalError)]);
    }

    [Fact]
    public void The_README_table_lists_exactly_the_codes_of_the_program()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var section = readme[readme.IndexOf("\n## Exit codes\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var documented = TableRow().Matches(section).Select(m => int.Parse(m.Groups["code"].Value)).ToList();

        Assert.Equal(documented.Distinct().Count(), documented.Count);
        Assert.Equal(Codes.Values.Order(), documented.Order());
    }

    [GeneratedRegex(@"^\| (?<code>\d+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
