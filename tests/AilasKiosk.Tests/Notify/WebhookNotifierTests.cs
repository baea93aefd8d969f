using System.Net;
using AilasKiosk.Configuration;
using AilasKiosk.Journal;
using AilasKiosk.Notify;
using AilasKiosk.Offload;
using AilasKiosk.Status;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Tests.Notify;

/// <summary>
/// The webhook notifier against a real HTTP server on loopback: what it posts, and that a webhook that is down,
/// failing or hanging costs the kiosk nothing but a log line. No S3 server needed.
/// </summary>
public sealed class WebhookNotifierTests : IDisposable
{
    private readonly CapturedLogs _logs = new();
    private readonly List<IDisposable> _owned = [];

    private WebhookNotifier Notifier(string url, int attempts = 3, double timeoutSeconds = 10)
    {
        var options = new KioskOptions
        {
            KioskId = "kiosk-03",
            Notify = new NotifyOptions { WebhookUrl = url, Attempts = attempts, TimeoutSeconds = timeoutSeconds, RetryDelaySeconds = 0.01 },
        };
        NotifyOptions.Validate(options.Notify);
        var notifier = WebhookNotifier.Create(options, "0.1.0", TimeProvider.System, _logs);
        _owned.Add(notifier);
        return notifier;
    }

    private WebhookListener Listener(HttpStatusCode status = HttpStatusCode.NoContent, bool hold = false)
    {
        var listener = new WebhookListener(status, hold);
        _owned.Add(listener);
        return listener;
    }

    internal static OffloadReport Report(OffloadOutcome outcome = OffloadOutcome.Completed) => new(
        outcome, "20261124-102512-3a73a7", "C3471325208909", "AILAS-07", 24, 20, 4, 24, 24, 0, 191_234_567, 9.84,
        "AILAS-07/_manifests/20261124-102512-3a73a7.json", "24 images verified in the bucket and wiped from the card",
        ["2 of 24 images have no GPS position: Panoramax will reject them. Check that GPS is switched on"]);

    [Fact]
    public async Task A_finished_session_is_posted_as_one_JSON_report_with_kiosk_camera_counts_bytes_outcome_and_warnings()
    {
        var listener = Listener();
        var notifier = Notifier(listener.Url);

        notifier.SessionEnded(Report(), problem: null, slot: "sda");

        await WebhookListener.WaitForAsync(() => listener.Requests.Count == 1, "the session report");
        var request = listener.Requests[0];
        Assert.Equal(("POST", "/hooks/SECRET-PATH-TOKEN?key=SECRET-QUERY-TOKEN"), (request.Method, request.Target));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var json = request.Json;
        Assert.Equal("session", json.GetProperty("type").GetString());
        Assert.Equal("kiosk-03", json.GetProperty("kiosk").GetString());
        Assert.Equal("20261124-102512-3a73a7", json.GetProperty("session").GetString());
        Assert.Equal("sda", json.GetProperty("slot").GetString());
        Assert.Equal("AILAS-07", json.GetProperty("camera").GetProperty("label").GetString());
        Assert.Equal("C3471325208909", json.GetProperty("camera").GetProperty("serial").GetString());
        Assert.Equal("Completed", json.GetProperty("outcome").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("problem").ValueKind);
        var files = json.GetProperty("files");
        Assert.Equal((24, 20, 4, 24, 24, 0), (files.GetProperty("planned").GetInt32(), files.GetProperty("uploaded").GetInt32(),
            files.GetProperty("alreadyPresent").GetInt32(), files.GetProperty("verified").GetInt32(), files.GetProperty("wiped").GetInt32(),
            files.GetProperty("failed").GetInt32()));
        Assert.Equal(191_234_567, json.GetProperty("bytes").GetInt64());
        Assert.Equal(9.8, json.GetProperty("seconds").GetDouble());
        Assert.Equal("AILAS-07/_manifests/20261124-102512-3a73a7.json", json.GetProperty("manifestKey").GetString());
        Assert.Equal(Report().Warnings, json.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        await WebhookListener.WaitForAsync(() => _logs.Has(LogLevel.Information, "delivered"), "the delivery's log line");
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task A_problem_that_needs_a_person_is_posted_and_one_the_crew_can_solve_at_the_kiosk_is_not()
    {
        var listener = Listener();
        var notifier = Notifier(listener.Url);

        notifier.ProblemRaised(new SlotProblem(ProblemKind.NotACameraCard, "ext4 file system on /dev/sdb1", false), "s1", "sdb", new CameraRef(null, null));
        notifier.ProblemRaised(new SlotProblem(ProblemKind.UnknownCamera, "unknown camera C3471325200000: 312 images secured", false, "C3471325200000"),
            "s2", "sda", new CameraRef(null, "C3471325200000"));
        notifier.ProblemRaised(new SlotProblem(ProblemKind.StorageFull, "storage full: QuotaExceeded", true), "s3", "sda", new CameraRef("AILAS-07", "C1"));
        // Reports go out in order, so once this one has arrived, the ones before it have too.
        notifier.SessionEnded(Report(), problem: null, slot: "sda");

        await WebhookListener.WaitForAsync(() => listener.Requests.Count == 3, "two problem reports and the session report");
        var (unknown, full) = (listener.Requests[0].Json, listener.Requests[1].Json);
        Assert.Equal(("problem", "UnknownCamera", "kiosk-03", "s2", "sda"), (unknown.GetProperty("type").GetString(), unknown.GetProperty("problem").GetString(),
            unknown.GetProperty("kiosk").GetString(), unknown.GetProperty("session").GetString(), unknown.GetProperty("slot").GetString()));
        Assert.Equal("C3471325200000", unknown.GetProperty("camera").GetProperty("serial").GetString());
        Assert.Equal("C3471325200000", unknown.GetProperty("detail").GetString());
        Assert.False(unknown.GetProperty("cardChanged").GetBoolean());
        Assert.Contains("312 images secured", unknown.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(("StorageFull", true), (full.GetProperty("problem").GetString(), full.GetProperty("cardChanged").GetBoolean()));
        Assert.Equal("session", listener.Requests[2].Json.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(ProblemKind.UnknownCamera, true)]
    [InlineData(ProblemKind.StorageRefused, true)]
    [InlineData(ProblemKind.StorageFull, true)]
    [InlineData(ProblemKind.CardPulledTooEarly, true)]
    [InlineData(ProblemKind.KioskDiskFull, true)]
    [InlineData(ProblemKind.StorageUnreachable, false)] // the kiosk resumes by itself; the slot and the status say it
    [InlineData(ProblemKind.WaitingForClock, false)]
    [InlineData(ProblemKind.NotACameraCard, false)]
    [InlineData(ProblemKind.PartialFailure, false)] // in the session report's outcome
    [InlineData(ProblemKind.PhotosLeftOnCard, false)]
    [InlineData(ProblemKind.CardReadError, false)]
    public void Which_problems_need_a_person(ProblemKind kind, bool reported) => Assert.Equal(reported, Notice.NeedsAPerson(kind));

    [Fact]
    public async Task A_webhook_answering_500_is_tried_a_bounded_number_of_times_then_given_up_with_one_log_line()
    {
        var listener = Listener(HttpStatusCode.InternalServerError);
        var notifier = Notifier(listener.Url, attempts: 3);

        notifier.SessionEnded(Report(), problem: null, slot: null);

        await WebhookListener.WaitForAsync(() => _logs.Has(LogLevel.Warning, "not delivered"), "the sender giving up");
        Assert.Equal(3, listener.Attempts);
        var warning = Assert.Single(_logs.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Contains($"http://127.0.0.1:{listener.Port}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", warning.Message, StringComparison.Ordinal);
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task A_webhook_that_refuses_the_report_with_a_4xx_is_not_asked_again()
    {
        var listener = Listener(HttpStatusCode.NotFound);
        var notifier = Notifier(listener.Url, attempts: 5);

        notifier.SessionEnded(Report(), problem: null, slot: null);

        await WebhookListener.WaitForAsync(() => _logs.Has(LogLevel.Warning, "HTTP 404"), "the sender giving up");
        Assert.Equal(1, listener.Attempts);
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task A_webhook_that_is_down_costs_one_log_line_and_later_reports_are_still_tried()
    {
        var notifier = Notifier(WebhookListener.DownUrl(), attempts: 2);

        notifier.SessionEnded(Report(), problem: null, slot: null);
        notifier.SessionEnded(Report(OffloadOutcome.Partial), problem: null, slot: null);

        await WebhookListener.WaitForAsync(() => _logs.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.Contains("not delivered", StringComparison.Ordinal)) == 2,
            "both reports given up");
        Assert.Equal(2, _logs.Lines.Count(l => l.Level >= LogLevel.Warning));
        Assert.Contains(_logs.Lines, l => l.Message.Contains("session report (Partial) not delivered", StringComparison.Ordinal));
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task A_webhook_that_never_answers_holds_up_neither_the_caller_nor_the_exit_beyond_the_flush()
    {
        var listener = Listener(hold: true);
        var notifier = Notifier(listener.Url, attempts: 3, timeoutSeconds: 60);

        // Returns while the webhook holds the request: the caller (a card's workflow) goes on.
        notifier.SessionEnded(Report(), problem: null, slot: "sda");
        notifier.ProblemRaised(new SlotProblem(ProblemKind.UnknownCamera, "unknown camera", false, "C1"), "s", "sda", new CameraRef(null, "C1"));
        await WebhookListener.WaitForAsync(() => listener.Requests.Count == 1, "the first report in flight");

        // The exit's flush ends on its own bound although the webhook still has not answered (nor will: never released).
        await notifier.CloseAsync(TimeSpan.FromMilliseconds(200));

        Assert.Single(listener.Requests);
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("2 report(s) not sent", StringComparison.Ordinal));
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task Reports_queued_before_exit_are_sent_by_the_flush()
    {
        var listener = Listener();
        var notifier = Notifier(listener.Url);

        notifier.SessionEnded(Report(), problem: null, slot: null);
        notifier.SessionEnded(Report(OffloadOutcome.UnknownCamera), problem: null, slot: null);
        await notifier.CloseAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["Completed", "UnknownCamera"], listener.Requests.Select(r => r.Json.GetProperty("outcome").GetString()));
        Assert.DoesNotContain(_logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task When_the_queue_is_full_the_oldest_report_is_dropped_with_a_log_line()
    {
        var logs = new CapturedLogs();
        var sent = new List<string>();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var queue = new NoticeQueue(async (notice, ct) =>
        {
            firstStarted.TrySetResult();
            await gate.Task.WaitAsync(ct);
            lock (sent) sent.Add(notice.Subject);
            return true;
        }, new Logger<NoticeQueue>(logs), capacity: 2);

        queue.Enqueue(new Notice("n1", "s1", []));
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30)); // n1 is in the sender's hands, the queue is empty
        queue.Enqueue(new Notice("n2", "s2", []));
        queue.Enqueue(new Notice("n3", "s3", []));
        queue.Enqueue(new Notice("n4", "s4", []));
        gate.SetResult();
        await queue.CloseAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["n1", "n3", "n4"], sent);
        var dropped = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("the oldest, n2 of session s2, is dropped", dropped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_scheme_and_host_of_the_webhook_are_ever_logged()
    {
        var url = new Uri("https://user:PASSWORD@hooks.example.org/T000/B000/SECRET?token=SECRET2");
        Assert.Equal("https://hooks.example.org", WebhookAddress.ForLog(url));
        Assert.Equal("http://10.0.0.5:8080", WebhookAddress.ForLog(new Uri("http://10.0.0.5:8080/x/SECRET")));
        var scrubbed = WebhookAddress.Scrub($"failed: {url.OriginalString} and {url.PathAndQuery}", url);
        Assert.DoesNotContain("SECRET", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("PASSWORD", scrubbed, StringComparison.Ordinal);
    }

    private void AssertNoSecretLogged() =>
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains("SECRET", StringComparison.Ordinal) || l.Message.Contains("hooks/", StringComparison.Ordinal));

    public void Dispose()
    {
        foreach (var owned in _owned)
            owned.Dispose();
    }
}
