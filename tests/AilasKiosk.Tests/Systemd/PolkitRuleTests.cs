using System.Text.Json;
using AilasKiosk.Tests.Infrastructure;
using static AilasKiosk.Tests.Systemd.SystemdFiles;

namespace AilasKiosk.Tests.Systemd;

/// <summary>
/// The polkit rule's JavaScript, run in node against a stand-in of polkit's rule API (polkit.addRule,
/// polkit.Result, action.id/lookup, subject.user): who may start which unit. polkitd itself needs D-Bus and a
/// running system, so the last step — polkitd loading the file — is not tested here.
/// </summary>
public class PolkitRuleTests
{
    private const string Manage = "org.freedesktop.systemd1.manage-units";

    private const string Harness = """
        const fs = require("fs");
        const rules = [];
        const polkit = {
          Result: { YES: "yes", NO: "no", AUTH_SELF: "auth_self", AUTH_ADMIN: "auth_admin", NOT_HANDLED: null },
          addRule: (f) => rules.push(f),
          addAdminRule: () => {},
          log: () => {},
        };
        // The rule file is evaluated as polkitd does: a script with `polkit` in scope, in non-strict ES5.
        new Function("polkit", fs.readFileSync(process.argv[2], "utf8"))(polkit);
        const cases = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
        const answers = cases.map(c => {
          const action = { id: c.action, lookup: (k) => c.details[k] };
          const subject = { user: c.user, local: false, active: false, isInGroup: () => false };
          for (const r of rules) { const a = r(action, subject); if (a !== null && a !== undefined) return a; }
          return "not_handled";
        });
        process.stdout.write(JSON.stringify(answers));
        """;

    private sealed record Case(string User, string Action, string? Unit, string? Verb, string Expected);

    private static readonly Case[] Cases =
    [
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@sdb1.service", "start", "yes"),
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@mmcblk1p1.service", "start", "yes"),
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@sdb1.service", "stop", "yes"),
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@sdb1.service", "restart", "not_handled"),
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@sdb1.service", "reload", "not_handled"),
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@sdb1.service", null, "not_handled"),
        new("ailas-kiosk", Manage, "ailas-kiosk.service", "stop", "not_handled"),
        new("ailas-kiosk", Manage, "ssh.service", "stop", "not_handled"),
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@.service", "start", "not_handled"),
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@...service", "start", "not_handled"),
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@-run-media.service", "start", "not_handled"),
        new("ailas-kiosk", Manage, @"ailas-kiosk-eject@sdb1\x2f..service", "start", "not_handled"),
        new("ailas-kiosk", Manage, "ailas-kiosk-eject@sdb1.service.bak", "start", "not_handled"),
        new("ailas-kiosk", Manage, "xailas-kiosk-eject@sdb1.service", "start", "not_handled"),
        new("ailas-kiosk", Manage, null, "start", "not_handled"),
        new("ailas-kiosk", "org.freedesktop.systemd1.manage-unit-files", "ailas-kiosk-eject@sdb1.service", "start", "not_handled"),
        new("ailas-kiosk", "org.freedesktop.login1.reboot", null, null, "not_handled"),
        new("pi", Manage, "ailas-kiosk-eject@sdb1.service", "start", "not_handled"),
        new("ailas-kiosk2", Manage, "ailas-kiosk-eject@sdb1.service", "start", "not_handled"),
    ];

    /// <summary>The rule's answer to each case: "yes", "not_handled"…; fails when node cannot run it.</summary>
    private static string[] Answers(string ruleText)
    {
        var node = Tool("node", "nodejs");
        using var dir = new TempDirectory("ailas-polkit");
        var harness = Path.Combine(dir.Path, "harness.js");
        var rule = Path.Combine(dir.Path, "rule.js");
        var cases = Path.Combine(dir.Path, "cases.json");
        File.WriteAllText(harness, Harness);
        File.WriteAllText(rule, ruleText);
        File.WriteAllText(cases, JsonSerializer.Serialize(Cases.Select(c => new
        {
            user = c.User,
            action = c.Action,
            details = new Dictionary<string, string?> { ["unit"] = c.Unit, ["verb"] = c.Verb }.Where(kv => kv.Value is not null).ToDictionary(),
        })));
        var run = Exec(node, harness, rule, cases);
        Assert.True(run.ExitCode == 0, $"node could not evaluate the polkit rule:\n{run.Output}");
        return JsonSerializer.Deserialize<string[]>(run.Stdout)!;
    }

    private static List<string> Wrong(string ruleText)
    {
        var answers = Answers(ruleText);
        return Cases.Zip(answers).Where(p => p.First.Expected != p.Second)
            .Select(p => $"{p.First} answered {p.Second}").ToList();
    }

    [Fact]
    public void Only_the_kiosk_user_may_start_or_stop_eject_units_and_nothing_else()
    {
        Assert.Empty(Wrong(Text(PolkitRules)));
    }

    [Theory]
    [InlineData("(verb === \"start\" || verb === \"stop\")", "true")]
    [InlineData("subject.user !== \"ailas-kiosk\"", "false")]
    [InlineData("[a-z0-9]+", ".+")]
    [InlineData("\\.service$/", "\\.service/")]
    public void A_loosened_rule_is_caught(string old, string loosened)
    {
        Assert.NotEmpty(Wrong(Mutate(Text(PolkitRules), old, loosened)));
    }

    [Fact]
    public void A_rule_that_does_not_parse_is_caught()
    {
        var broken = Mutate(Text(PolkitRules), "return polkit.Result.YES;", "return polkit.Result.YES;;}");
        var failure = Assert.ThrowsAny<Exception>(() => Answers(broken));
        Assert.Contains("node could not evaluate", failure.Message);
    }

    [Fact]
    public void The_rule_is_plain_es5_for_polkits_duktape_engine()
    {
        var code = string.Join('\n', Text(PolkitRules).Split('\n').Where(l => !l.TrimStart().StartsWith("//")));
        foreach (var es6 in new[] { "=>", "let ", "const ", "`", "class ", "...", "?." })
            Assert.DoesNotContain(es6, code);
    }
}
