using System.Text.RegularExpressions;
using static AilasKiosk.Tests.Systemd.SystemdFiles;

namespace AilasKiosk.Tests.Systemd;

/// <summary>
/// The journald drop-in. journald has no offline checker (it only logs "unknown key, ignoring" when it
/// starts), so the file is read here against journald.conf(5) of systemd 252.
/// </summary>
public partial class JournaldDropInTests
{
    // journald.conf(5), systemd 252: every key of [Journal].
    private static readonly HashSet<string> Keys =
    [
        "Storage", "Compress", "Seal", "SplitMode", "RateLimitIntervalSec", "RateLimitBurst",
        "SystemMaxUse", "SystemKeepFree", "SystemMaxFileSize", "SystemMaxFiles",
        "RuntimeMaxUse", "RuntimeKeepFree", "RuntimeMaxFileSize", "RuntimeMaxFiles",
        "MaxFileSec", "MaxRetentionSec", "SyncIntervalSec", "ForwardToSyslog", "ForwardToKMsg",
        "ForwardToConsole", "ForwardToWall", "TTYPath", "MaxLevelStore", "MaxLevelSyslog", "MaxLevelKMsg",
        "MaxLevelConsole", "MaxLevelWall", "LineMax", "ReadKMsg", "Audit",
    ];

    [GeneratedRegex(@"^(?<n>\d+)(?<unit>[KMGT]?)$")]
    private static partial Regex Size();

    // journald's time spans as this file writes them: a number and an optional unit.
    [GeneratedRegex(@"^(?<n>\d+)(?<unit>ms|s|sec|min)?$")]
    private static partial Regex Span();

    private static TimeSpan? Duration(string value)
    {
        var m = Span().Match(value);
        if (!m.Success) return null;
        var n = long.Parse(m.Groups["n"].Value);
        return m.Groups["unit"].Value switch { "ms" => TimeSpan.FromMilliseconds(n), "min" => TimeSpan.FromMinutes(n), _ => TimeSpan.FromSeconds(n) };
    }

    private static long? Bytes(string value)
    {
        var m = Size().Match(value);
        if (!m.Success) return null;
        var shift = m.Groups["unit"].Value switch { "K" => 10, "M" => 20, "G" => 30, "T" => 40, _ => 0 };
        return long.Parse(m.Groups["n"].Value) << shift;
    }

    private static List<string> Problems(string text)
    {
        var problems = new List<string>();
        string? section = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line.StartsWith('[') && line.EndsWith(']')) { section = line[1..^1]; if (section != "Journal") problems.Add($"unknown section [{section}]"); continue; }
            var eq = line.IndexOf('=');
            if (eq < 0) { problems.Add($"not KEY=value: {line}"); continue; }
            if (section is null) problems.Add($"{line} is outside [Journal]");
            var key = line[..eq].Trim();
            if (!Keys.Contains(key)) problems.Add($"unknown key {key}");
            if (key.EndsWith("Use") || key.EndsWith("KeepFree") || key.EndsWith("FileSize"))
                if (Bytes(line[(eq + 1)..].Trim()) is null) problems.Add($"{key}: not a size");
        }
        var storage = Values(text, "Journal", "Storage");
        if (!storage.SequenceEqual(["persistent"])) problems.Add($"Storage must be persistent (is {string.Join(",", storage)})");
        var maxUse = Values(text, "Journal", "SystemMaxUse").Select(Bytes).LastOrDefault();
        if (maxUse is null || maxUse > 500L << 20) problems.Add("SystemMaxUse must cap the journal (≤ 500M) on an SD card");
        var sync = Values(text, "Journal", "SyncIntervalSec").Select(Duration).LastOrDefault();
        if (sync is null || sync > TimeSpan.FromSeconds(10))
            problems.Add("SyncIntervalSec must be at most 10s, so that a power cut keeps the lines of the card in progress");
        return problems;
    }

    [Fact]
    public void The_journal_is_persistent_capped_for_an_sd_card_and_synced_soon()
    {
        Assert.Empty(Problems(Text(Journald)));
    }

    [Theory]
    [InlineData("Storage=persistent", "Storage=persistant", "persistent")]
    [InlineData("SystemMaxUse=200M", "SystemMaxUse=200MB", "not a size")]
    [InlineData("SystemMaxUse=200M", "SystemMaxUse=2G", "SystemMaxUse")]
    [InlineData("SystemKeepFree=1G", "SystemKeepfree=1G", "unknown key")]
    [InlineData("[Journal]", "[Jounal]", "unknown section")]
    [InlineData("SyncIntervalSec=5s", "SyncIntervalSec=5m", "SyncIntervalSec")]
    [InlineData("SyncIntervalSec=5s", "#SyncIntervalSec=5s", "SyncIntervalSec")]
    public void A_broken_drop_in_is_caught(string old, string broken, string expected)
    {
        Assert.Contains(Problems(Mutate(Text(Journald), old, broken)), p => p.Contains(expected, StringComparison.Ordinal));
    }
}
