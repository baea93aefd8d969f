using System.Text.RegularExpressions;
using static AilasKiosk.Tests.Systemd.SystemdFiles;

namespace AilasKiosk.Tests.Systemd;

/// <summary>
/// The udev rules, checked in C#: `udevadm verify` only exists from systemd 253, and the `udevadm test` of 252
/// (package udev) needs a real device and silently accepts a missing comma. So: udev's grammar, stricter
/// than udev itself, and the kiosk's own rules for what may ever be mounted (invariant 5).
/// </summary>
public partial class UdevRulesTests
{
    [GeneratedRegex("""\G\s*(?<key>[A-Z_]+)(\{(?<attr>[^{}"]+)\})?\s*(?<op>==|!=|\+=|-=|:=|=)\s*"(?<value>[^"]*)"\s*(?<sep>,|$)""")]
    private static partial Regex Pair();

    private sealed record Token(string Key, string? Attr, string Op, string Value)
    {
        public bool IsMatch => Op is "==" or "!=";
        public override string ToString() => $"{Key}{(Attr is null ? "" : "{" + Attr + "}")}{Op}\"{Value}\"";
    }

    private sealed record Rule(int Line, IReadOnlyList<Token> Tokens)
    {
        public bool Has(string key, string? attr, string op, string value) =>
            Tokens.Any(t => t.Key == key && t.Attr == attr && t.Op == op && t.Value == value);
    }

    // udev(7): the keys that can be compared and those that can be assigned (some are both).
    private static readonly HashSet<string> MatchKeys =
        ["ACTION", "DEVPATH", "KERNEL", "KERNELS", "NAME", "SYMLINK", "SUBSYSTEM", "SUBSYSTEMS", "DRIVER", "DRIVERS",
         "ATTR", "ATTRS", "SYSCTL", "TAG", "TAGS", "ENV", "CONST", "TEST", "PROGRAM", "RESULT"];
    private static readonly HashSet<string> AssignKeys =
        ["NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "SECLABEL", "ATTR", "SYSCTL", "ENV", "TAG", "RUN", "LABEL", "GOTO", "IMPORT", "OPTIONS"];
    private static readonly HashSet<string> KeysWithAttr = ["ATTR", "ATTRS", "SYSCTL", "ENV", "CONST", "TEST", "SECLABEL", "RUN", "IMPORT"];

    /// <summary>Every problem in a rules file; empty when it is sound.</summary>
    private static List<string> Problems(string text)
    {
        var problems = new List<string>();
        var rules = new List<Rule>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0) continue;
            if (line.EndsWith('\\')) { problems.Add($"line {i + 1}: no line continuations, please"); continue; }
            var tokens = new List<Token>();
            var at = 0;
            while (at < line.Length)
            {
                var m = Pair().Match(line, at);
                if (!m.Success) { problems.Add($"line {i + 1}: not KEY==\"value\" pairs separated by commas at column {at + 1}: {line[at..]}"); break; }
                tokens.Add(new Token(m.Groups["key"].Value, m.Groups["attr"].Success ? m.Groups["attr"].Value : null, m.Groups["op"].Value, m.Groups["value"].Value));
                at = m.Index + m.Length;
                if (m.Groups["sep"].Value == "," && at >= line.Length) problems.Add($"line {i + 1}: ends with a comma");
            }
            foreach (var t in tokens)
            {
                if (t.IsMatch ? !MatchKeys.Contains(t.Key) : !AssignKeys.Contains(t.Key))
                    problems.Add($"line {i + 1}: {t} — {t.Key} cannot be {(t.IsMatch ? "compared" : "assigned")}");
                if (t.Attr is not null && !KeysWithAttr.Contains(t.Key))
                    problems.Add($"line {i + 1}: {t} — {t.Key} takes no {{attribute}}");
                if (t.Attr is null && t.Key is "ATTR" or "ATTRS" or "ENV" or "SYSCTL")
                    problems.Add($"line {i + 1}: {t} — {t.Key} needs an {{attribute}}");
                // This file only reads sysfs: writing an attribute from a card rule is always a mistake.
                if (t.Key is "ATTR" or "SYSCTL" && !t.IsMatch)
                    problems.Add($"line {i + 1}: {t} writes to sysfs");
                if (t.Key == "RUN" && !t.Value.StartsWith("/usr/bin/systemd-mount ", StringComparison.Ordinal))
                    problems.Add($"line {i + 1}: {t} — the only program run is /usr/bin/systemd-mount (absolute path)");
            }
            if (tokens.Count > 0) rules.Add(new Rule(i + 1, tokens));
        }

        // Every GOTO lands on a LABEL.
        var labels = rules.SelectMany(r => r.Tokens).Where(t => t.Key == "LABEL").Select(t => t.Value).ToHashSet();
        foreach (var r in rules)
            foreach (var t in r.Tokens.Where(t => t.Key == "GOTO" && !labels.Contains(t.Value)))
                problems.Add($"line {r.Line}: GOTO \"{t.Value}\" has no LABEL");

        // What is mounted, and how (invariant 5).
        var mounts = new Dictionary<string, Rule>();
        foreach (var r in rules)
            foreach (var run in r.Tokens.Where(t => t.Key == "RUN"))
            {
                var args = run.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!args.Contains("--no-block")) problems.Add($"line {r.Line}: systemd-mount without --no-block would wait for its own udev event");
                if (args.Contains("--umount"))
                {
                    var target = args[^1];
                    if (!(target.StartsWith(MountRoot + "/", StringComparison.Ordinal) || target == "$env{AILAS_KIOSK_MOUNT}"))
                        problems.Add($"line {r.Line}: unmounts {target}, outside {MountRoot}");
                    continue;
                }
                var type = args.FirstOrDefault(a => a.StartsWith("--type=", StringComparison.Ordinal))?["--type=".Length..];
                var options = (args.FirstOrDefault(a => a.StartsWith("--options=", StringComparison.Ordinal))?["--options=".Length..] ?? "").Split(',');
                if (type is not ("vfat" or "exfat")) { problems.Add($"line {r.Line}: mounts --type={type}: only vfat and exfat, named explicitly"); continue; }
                if (!r.Has("ENV", "ID_FS_TYPE", "==", type)) problems.Add($"line {r.Line}: mounts {type} without matching ENV{{ID_FS_TYPE}}==\"{type}\"");
                if (!mounts.TryAdd(type, r)) problems.Add($"line {r.Line}: a second {type} mount");
                foreach (var required in new[] { "noexec", "nosuid", "nodev", $"uid={KioskId}", $"gid={KioskId}", "fmask=0137", "dmask=0027" })
                    if (!options.Contains(required)) problems.Add($"line {r.Line}: {type} mount options lack {required}");
                if (options.Contains("flush") != (type == "vfat")) problems.Add($"line {r.Line}: flush is a vfat option, and vfat needs it");
                if (!args.Contains("--collect")) problems.Add($"line {r.Line}: mount without --collect");
                if (args[^1] != MountRoot + "/%k" || args[^2] != "$devnode")
                    problems.Add($"line {r.Line}: mounts {args[^2]} on {args[^1]}, not $devnode on {MountRoot}/%k");
            }
        foreach (var type in new[] { "vfat", "exfat" })
            if (!mounts.ContainsKey(type)) problems.Add($"no {type} mount rule");

        // A pulled card's stale mount: a change with size 0 unmounts it; a removed partition too.
        if (!rules.Any(r => r.Has("ACTION", null, "==", "change") && r.Has("ATTR", "size", "==", "0")
                            && r.Tokens.Any(t => t.Key == "RUN" && t.Value.Contains("--umount"))))
            problems.Add("no change rule on size 0 that unmounts the stale mount");
        if (!rules.Any(r => r.Has("ACTION", null, "==", "remove") && r.Tokens.Any(t => t.Key == "RUN" && t.Value.Contains("--umount"))))
            problems.Add("no remove rule that unmounts");
        // The daemon finds its devices by tag.
        if (!rules.Any(r => r.Has("TAG", null, "+=", "ailas-kiosk")))
            problems.Add("devices are not tagged ailas-kiosk");
        return problems;
    }

    [Fact]
    public void The_rules_are_well_formed_and_mount_only_vfat_and_exfat_safely()
    {
        Assert.Empty(Problems(Text(UdevRules)));
    }

    [Fact]
    public void The_mount_uid_is_the_sysusers_uid()
    {
        var sysusers = Text(Sysusers).Split('\n').Single(l => l.StartsWith("u ailas-kiosk ", StringComparison.Ordinal));
        Assert.StartsWith($"u ailas-kiosk {KioskId}:{KioskId} ", sysusers);
        Assert.Contains($"uid={KioskId},gid={KioskId},", Text(UdevRules));
    }

    [Theory]
    [InlineData("""ENV{ID_FS_TYPE}=="vfat", RUN""", """ENV{ID_FS_TYPE}=="vfat" RUN""", "not KEY")]                  // missing comma
    [InlineData("""ATTR{size}=="0", GOTO""", """ATTR{size}="0", GOTO""", "writes to sysfs")]                          // = for ==
    [InlineData("""ENV{ID_FS_TYPE}=="exfat", RUN+="/usr/bin/systemd-mount --no-block --collect --type=exfat""",
                """ENV{ID_FS_TYPE}=="ntfs", RUN+="/usr/bin/systemd-mount --no-block --collect --type=ntfs""", "only vfat and exfat")]
    [InlineData("noexec,nosuid,nodev,flush", "nosuid,nodev,flush", "noexec")]
    [InlineData("TAG+=\"ailas-kiosk\"", "TAG+=\"ailas-kiosk", "not KEY")]                                           // unterminated
    [InlineData("GOTO=\"ailas_kiosk_end\"\n", "GOTO=\"ailas_kiosk_fin\"\n", "has no LABEL")]
    [InlineData("RUN+=\"/usr/bin/systemd-mount --no-block --collect --type=vfat", "RUN+=\"/usr/bin/systemd-mount --collect --type=vfat", "--no-block")]
    [InlineData("ATTR{size}==\"0\", TEST", "ATTR{size}==\"1\", TEST", "size 0")]
    [InlineData("SUBSYSTEM!=\"block\"", "SUBSYTEM!=\"block\"", "cannot be compared")]
    [InlineData("uid=971,gid=971,fmask=0137,dmask=0027,noexec,nosuid,nodev,flush", "uid=1000,gid=971,fmask=0137,dmask=0027,noexec,nosuid,nodev,flush", "uid=971")]
    public void A_broken_rules_file_is_caught(string old, string broken, string expected)
    {
        var problems = Problems(Mutate(Text(UdevRules), old, broken));
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
