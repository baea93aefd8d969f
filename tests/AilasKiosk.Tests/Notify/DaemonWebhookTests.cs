using AilasKiosk.Status;
using AilasKiosk.Tests.Daemon;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Notify;

/// <summary>`ailas-kiosk run` with a webhook: cards inserted on loop devices (FUSE) against radosgw.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public sealed class DaemonWebhookTests
{
    private static KioskSettings Settings(TempDirectory state, string serial, string stem, string webhook) =>
        DaemonProcess.ForThisMachine(new KioskSettings(Radosgw.Instance, state.Path, serial, KioskSettings.NewLabel(stem)))
            .With("Notify:WebhookUrl", webhook).With("Notify:RetryDelaySeconds", "0.05");

    [Fact]
    public async Task A_card_of_an_unknown_camera_is_reported_with_its_slot_as_a_session_and_as_a_problem()
    {
        using var state = new TempDirectory();
        using var listener = new WebhookListener();
        var settings = Settings(state, "C3471325208965", "HOOKD", listener.Url).With("Cameras:C3471325208965", null);
        using var card = DaemonCard.Create(TestCard.Small(settings.Serial, photos: 2, seed: 65));
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");

        card.Insert();
        var settled = await daemon.WaitForAsync(s => s.Slots.Any(x => x.Problem?.Kind == ProblemKind.UnknownCamera), "unknown camera shown");
        var slot = settled.Slots.Single();
        await WebhookListener.WaitForAsync(() => listener.Requests.Count == 2, "the session and the problem reports");

        var (session, problem) = (listener.Requests[0].Json, listener.Requests[1].Json);
        Assert.Equal(("session", "UnknownCamera", slot.Slot, slot.Session), (session.GetProperty("type").GetString(),
            session.GetProperty("outcome").GetString(), session.GetProperty("slot").GetString(), session.GetProperty("session").GetString()));
        Assert.Equal(2, session.GetProperty("files").GetProperty("quarantined").GetInt32());
        Assert.Equal(("problem", "UnknownCamera", slot.Slot, settings.Serial), (problem.GetProperty("type").GetString(),
            problem.GetProperty("problem").GetString(), problem.GetProperty("slot").GetString(),
            problem.GetProperty("camera").GetProperty("serial").GetString()));
        Assert.Equal("test-kiosk", problem.GetProperty("kiosk").GetString());
        card.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        Assert.DoesNotContain("SECRET", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_that_never_answers_delays_neither_the_cards_done_nor_the_daemons_stop()
    {
        using var state = new TempDirectory();
        using var listener = new WebhookListener(hold: true);
        var settings = Settings(state, "C3471325208966", "HOOKH", listener.Url).With("Notify:TimeoutSeconds", "60");
        using var card = DaemonCard.Create(TestCard.Small(settings.Serial, photos: 3, seed: 66));
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");

        card.Insert();
        var done = await daemon.WaitForAsync(s => s.Slots.Any(x => x.Phase == SlotPhase.Done), "the card done");
        Assert.Equal(3, done.Slots.Single().Result!.Wiped);
        // The report was sent and is still held unanswered: "done" did not wait for it.
        await WebhookListener.WaitForAsync(() => listener.Requests.Count == 1, "the session report in flight");
        card.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");

        // SIGTERM: the daemon stops after its bounded flush, the webhook still silent.
        Assert.Equal(0, await daemon.StopAsync());
        Assert.Contains("1 report(s) not sent", daemon.Log, StringComparison.Ordinal);
        Assert.Single(listener.Requests);
    }
}
