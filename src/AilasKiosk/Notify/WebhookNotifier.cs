using AilasKiosk.Configuration;
using AilasKiosk.Offload;
using AilasKiosk.Status;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Notify;

/// <summary>Turns a finished session or a problem into its report and queues it for the webhook; returns at once.</summary>
internal sealed class WebhookNotifier(string kioskId, TimeProvider time, NoticeQueue queue) : INotifier, IDisposable
{
    private readonly HttpClient? _client;

    /// <summary>The notifier `run` and `offload` use when <c>Notify:WebhookUrl</c> is set.</summary>
    public static WebhookNotifier Create(KioskOptions options, string version, TimeProvider time, ILoggerFactory logs)
    {
        var client = WebhookSender.CreateClient(options.Notify, version);
        var sender = new WebhookSender(client, options.Notify.Webhook!, options.Notify, time, logs.CreateLogger<WebhookSender>());
        var queue = new NoticeQueue(sender.SendAsync, logs.CreateLogger<NoticeQueue>());
        logs.CreateLogger<WebhookNotifier>().LogInformation("Session reports and problems go to the webhook at {Webhook}", sender.Address);
        return new WebhookNotifier(options.KioskId, time, queue, client);
    }

    private WebhookNotifier(string kioskId, TimeProvider time, NoticeQueue queue, HttpClient client) : this(kioskId, time, queue) =>
        _client = client;

    public void SessionEnded(OffloadReport r, SlotProblem? problem, string? slot) =>
        queue.Enqueue(Notice.Of(new SessionReport(kioskId, time.GetUtcNow(), r.SessionId, slot, new CameraRef(r.CameraLabel, r.CameraSerial),
            r.Outcome.ToString(), problem?.Kind, r.Message, Notice.CountsOf(r), r.Bytes, Math.Round(r.Seconds, 1), r.ManifestKey, r.Warnings)));

    public void ProblemRaised(SlotProblem problem, string? session, string? slot, CameraRef camera)
    {
        if (Notice.NeedsAPerson(problem.Kind))
            queue.Enqueue(Notice.Of(new ProblemReport(kioskId, time.GetUtcNow(), session, slot, camera, problem.Kind, problem.CardChanged,
                problem.Message, problem.Detail)));
    }

    public Task CloseAsync(TimeSpan within) => queue.CloseAsync(within);

    public void Dispose()
    {
        queue.Dispose();
        _client?.Dispose();
    }
}
