using System.Net;
using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Notify;

/// <summary>
/// The real `ailas-kiosk offload` process and its webhook, where no S3 server is needed: the option's validation,
/// and a card with nothing to do (the engine ends before it touches the storage).
/// </summary>
public sealed class OffloadWebhookTests
{
    private static Dictionary<string, string> Settings(string state, string webhook) => new()
    {
        ["AILAS_Storage__Endpoint"] = "http://127.0.0.1:9",
        ["AILAS_Storage__Bucket"] = "ailas-upload",
        ["AILAS_Storage__AccessKey"] = "kiosk",
        ["AILAS_Storage__SecretKey"] = "secret",
        ["AILAS_State__Directory"] = state,
        ["AILAS_KioskId"] = "kiosk-webhook",
        ["AILAS_Notify__WebhookUrl"] = webhook,
        ["AILAS_Notify__RetryDelaySeconds"] = "0.05",
    };

    [Theory]
    [InlineData("hooks.example.org/SECRET-TOKEN")]
    [InlineData("/hooks/SECRET-TOKEN")]
    [InlineData("ftp://hooks.example.org/SECRET-TOKEN")]
    [InlineData("file:///etc/SECRET-TOKEN")]
    public async Task A_webhook_that_is_not_an_absolute_http_URL_is_a_configuration_error_that_does_not_repeat_the_URL(string url)
    {
        using var state = new TempDirectory();

        var run = await KioskProcess.RunAsync(Settings(state.Path, url), "offload", state.Path);

        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Notify:WebhookUrl: must be an absolute http:// or https:// URL", line, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AILAS_Notify__Attempts", "0", "Notify:Attempts: must be between 1 and 10")]
    [InlineData("AILAS_Notify__TimeoutSeconds", "600", "Notify:TimeoutSeconds: must be between 0.1 and 60")]
    public async Task Its_limits_are_checked_at_start(string variable, string value, string expected)
    {
        using var state = new TempDirectory();
        var env = Settings(state.Path, "https://hooks.example.org/x");
        env[variable] = value;

        var run = await KioskProcess.RunAsync(env, "offload", state.Path);

        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offload_posts_its_session_report_before_it_exits_and_logs_only_the_webhooks_scheme_and_host()
    {
        using var state = new TempDirectory();
        using var listener = new WebhookListener();

        var run = await KioskProcess.RunAsync(Settings(state.Path, listener.Url), "offload", state.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        var report = Assert.Single(listener.Requests).Json;
        Assert.Equal(("session", "kiosk-webhook", "NothingToDo", run.Json.Session), (report.GetProperty("type").GetString(),
            report.GetProperty("kiosk").GetString(), report.GetProperty("outcome").GetString(), report.GetProperty("session").GetString()));
        Assert.Contains($"Webhook http://127.0.0.1:{listener.Port}: session report (NothingToDo) delivered", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", run.Stderr + run.Stdout + LogFiles(state.Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_that_is_down_costs_offload_one_log_line_not_its_result()
    {
        using var state = new TempDirectory();

        var run = await KioskProcess.RunAsync(Settings(state.Path, WebhookListener.DownUrl()), "offload", state.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Equal("NothingToDo", run.Json.Outcome);
        Assert.Single(run.Stderr.Split('\n'), l => l.Contains("not delivered, given up", StringComparison.Ordinal));
        Assert.DoesNotContain("SECRET", run.Stderr + LogFiles(state.Path), StringComparison.Ordinal);
    }

    internal static string LogFiles(string state) =>
        string.Concat(Directory.GetFiles(Path.Combine(state, "logs"), "*.clef").Select(File.ReadAllText));
}

/// <summary>`offload` of real cards into radosgw, with the webhook told of the session and of the problems that need a person.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public sealed class OffloadWebhookRealPartsTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    private KioskSettings Settings(string state, string serial, string stem, string webhook) =>
        new KioskSettings(_s3, state, serial, KioskSettings.NewLabel(stem))
            .With("Notify:WebhookUrl", webhook).With("Notify:RetryDelaySeconds", "0.05");

    [Fact]
    public async Task A_card_offloaded_is_reported_with_its_camera_counts_bytes_and_warnings()
    {
        using var state = new TempDirectory();
        using var listener = new WebhookListener(HttpStatusCode.OK);
        var settings = Settings(state.Path, "C3471325208960", "HOOK", listener.Url);
        var card = TestCard.Small(settings.Serial, photos: 4, seed: 61);
        using var mounted = TestCard.Create(card);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        var report = Assert.Single(listener.Requests).Json;
        Assert.Equal(("session", "test-kiosk", "Completed", run.Json.Session), (report.GetProperty("type").GetString(),
            report.GetProperty("kiosk").GetString(), report.GetProperty("outcome").GetString(), report.GetProperty("session").GetString()));
        Assert.Equal((settings.Label, settings.Serial), (report.GetProperty("camera").GetProperty("label").GetString(),
            report.GetProperty("camera").GetProperty("serial").GetString()));
        var files = report.GetProperty("files");
        Assert.Equal((4, 4, 4, 0), (files.GetProperty("planned").GetInt32(), files.GetProperty("verified").GetInt32(),
            files.GetProperty("wiped").GetInt32(), files.GetProperty("failed").GetInt32()));
        Assert.Equal(run.Json.Bytes, report.GetProperty("bytes").GetInt64());
        Assert.Equal(run.Json.ManifestKey, report.GetProperty("manifestKey").GetString());
        Assert.Equal(run.Json.Warnings, report.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!));
        Assert.DoesNotContain("SECRET", run.Stderr + OffloadWebhookTests.LogFiles(state.Path), StringComparison.Ordinal);
        mounted.UnmountAndCheck();
    }

    [Fact]
    public async Task An_unknown_camera_is_reported_as_a_session_and_as_a_problem_that_needs_a_person()
    {
        using var state = new TempDirectory();
        using var listener = new WebhookListener();
        var settings = Settings(state.Path, "C3471325208961", "HOOKQ", listener.Url).With("Cameras:C3471325208961", null);
        var card = TestCard.Small(settings.Serial, photos: 2, seed: 62);
        using var mounted = TestCard.Create(card);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(run.ExitCode == ExitCodes.UnknownCamera, run.Stderr);
        Assert.Equal(2, listener.Requests.Count);
        var (session, problem) = (listener.Requests[0].Json, listener.Requests[1].Json);
        Assert.Equal(("session", "UnknownCamera", "UnknownCamera"), (session.GetProperty("type").GetString(),
            session.GetProperty("outcome").GetString(), session.GetProperty("problem").GetString()));
        Assert.Equal(2, session.GetProperty("files").GetProperty("quarantined").GetInt32());
        Assert.Equal(("problem", "UnknownCamera", settings.Serial, run.Json.Session), (problem.GetProperty("type").GetString(),
            problem.GetProperty("problem").GetString(), problem.GetProperty("camera").GetProperty("serial").GetString(),
            problem.GetProperty("session").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, problem.GetProperty("camera").GetProperty("label").ValueKind);
        Assert.False(problem.GetProperty("cardChanged").GetBoolean());
    }

    [Fact]
    public async Task Storage_that_refuses_the_kiosk_is_reported_as_a_problem_that_needs_a_person()
    {
        using var state = new TempDirectory();
        using var listener = new WebhookListener();
        var settings = Settings(state.Path, "C3471325208962", "HOOKR", listener.Url).With("Storage:SecretKey", "not-the-secret");
        var card = TestCard.Small(settings.Serial, photos: 2, seed: 63);
        using var mounted = TestCard.Create(card);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(run.ExitCode == ExitCodes.StorageRefused, run.Stderr);
        Assert.Equal(["session", "problem"], listener.Requests.Select(r => r.Json.GetProperty("type").GetString()));
        var problem = listener.Requests[1].Json;
        Assert.Equal(("StorageRefused", false), (problem.GetProperty("problem").GetString(), problem.GetProperty("cardChanged").GetBoolean()));
        Assert.Contains("access refused", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_answering_500_slows_nothing_the_card_is_done_and_the_sender_gives_up_with_a_log_line()
    {
        using var state = new TempDirectory();
        using var listener = new WebhookListener(HttpStatusCode.InternalServerError);
        var settings = Settings(state.Path, "C3471325208963", "HOOK500", listener.Url).With("Notify:Attempts", "3");
        var card = TestCard.Small(settings.Serial, photos: 3, seed: 64);
        using var mounted = TestCard.Create(card);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Equal(("Completed", 3), (run.Json.Outcome, run.Json.Wiped));
        Assert.All(card.Photos, p => Assert.False(mounted.IsOnCard(p)));
        Assert.Equal(3, listener.Attempts);
        Assert.Single(run.Stderr.Split('\n'), l => l.Contains("session report (Completed) not delivered, given up: HTTP 500", StringComparison.Ordinal));
        mounted.UnmountAndCheck();
    }
}
