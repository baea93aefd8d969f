using AilasKiosk.Status;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// `ailas-kiosk run` with real card images inserted on loop devices and mounted with FUSE, against radosgw:
/// the crew's whole interaction — insert, wait, remove — and what they get wrong.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Collection(DaemonCollection.Name)]
public class DaemonTests(ITestOutputHelper output)
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    private static KioskSettings Settings(TempDirectory state, string serial, string stem) =>
        DaemonProcess.ForThisMachine(new KioskSettings(Radosgw.Instance, state.Path, serial, KioskSettings.NewLabel(stem)));

    private static Func<KioskSnapshot, bool> Slot(DaemonCard card, Func<SlotStatus, bool> condition) =>
        s => s.Slots.Any(x => x.Card?.Device == card.DevicePath && condition(x));

    private static SlotStatus SlotOf(KioskSnapshot s, DaemonCard card) => s.Slots.Single(x => x.Card?.Device == card.DevicePath);

    [Fact]
    public async Task A_FAT32_and_an_exFAT_card_inserted_together_are_offloaded_at_once_unmounted_and_left_clean()
    {
        using var state = new TempDirectory();
        var settings = Settings(state, "C3471325208951", "TWO");
        var serial2 = "C3471325208952";
        var label2 = KioskSettings.NewLabel("TWOB");
        settings.With($"Cameras:{serial2}", label2);
        using var fat = DaemonCard.Create(TestCard.Small(settings.Serial, photos: 6, seed: 51));
        using var exfat = DaemonCard.Create(TestCard.Small(serial2, photos: 6, seed: 52), exFat: true);
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");

        var inserted = System.Diagnostics.Stopwatch.StartNew();
        fat.Insert();
        exfat.Insert();
        await daemon.WaitForAsync(s => s.Slots.Count(x => x.IsBusy) == 2, "both cards being worked on");
        output.WriteLine($"both cards busy {inserted.ElapsedMilliseconds} ms after insertion");
        var done = await daemon.WaitForAsync(s => s.Slots.Count == 2 && s.Slots.All(x => x.Phase == SlotPhase.Done), "both cards done");

        Assert.Equal(settings.Label, SlotOf(done, fat).CameraLabel);
        Assert.Equal(label2, SlotOf(done, exfat).CameraLabel);
        Assert.All(done.Slots, s => Assert.Equal((6, 6, 0), (s.Result!.Verified, s.Result.Wiped, s.Result.Failed)));
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(settings.StateDirectory, "media")), IsMountPoint);

        fat.Remove();
        exfat.Remove();
        var idle = await daemon.WaitForAsync(s => s.Slots.Count == 0, "both slots ready again");
        Assert.NotNull(idle.LastCard);

        foreach (var (card, label) in new[] { (fat, settings.Label), (exfat, label2) })
        {
            foreach (var photo in card.Card!.Photos)
                Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(label, photo)));
            Assert.DoesNotContain(card.Files(), f => f.StartsWith("DCIM/", StringComparison.OrdinalIgnoreCase) && f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase));
            card.AssertClean();
        }
        // Every line about a card carries the session the engine journaled it under.
        var sessions = Directory.GetFiles(Path.Combine(settings.StateDirectory, "logs"), "*.clef").SelectMany(File.ReadAllLines)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("Slot", out _)).ToList();
        Assert.NotEmpty(sessions);
        Assert.All(sessions, e => Assert.True(e.TryGetProperty("Session", out _), e.ToString()));
    }

    [Fact]
    public async Task A_card_pulled_mid_offload_loses_nothing_and_is_finished_when_put_back()
    {
        using var state = new TempDirectory();
        var settings = Settings(state, "C3471325208953", "PULL").With("Offload:Concurrency", "1");
        using var card = DaemonCard.Create(TestCard.Small(settings.Serial, photos: 16, seed: 53));
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");

        card.Insert();
        await daemon.WaitForAsync(Slot(card, s => s.Progress is { FilesDone: >= 2 }), "two files verified");
        // Yanked: the FUSE daemon dies with the medium, then the device goes.
        FuseProcesses.KillServing(card.ImagePath, card.DevicePath);
        card.Remove();

        var pulled = await daemon.WaitForAsync(s => s.Slots.Any(x => x.Problem?.Kind == ProblemKind.CardPulledTooEarly), "card pulled too early");
        var problem = pulled.Slots.Single().Problem!;
        Assert.False(problem.CardChanged, problem.Message);
        Assert.Equal(card.Card!.Photos.Select(p => p.RelativePath).Order(StringComparer.Ordinal),
            card.Files().Where(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal));
        card.AssertCleanButDirty(); // pulled while mounted, as a crew would: dirty bit only, cleared by the next pass

        card.Insert();
        var done = await daemon.WaitForAsync(Slot(card, s => s.Phase == SlotPhase.Done), "the re-inserted card done");
        var result = SlotOf(done, card).Result!;
        Assert.Equal((16, 16, 0), (result.Verified, result.Wiped, result.Failed));
        card.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        foreach (var photo in card.Card.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        Assert.Equal(16, (await _s3.ListAsync(settings.Label + "/")).Count(k => k.EndsWith(".JPG", StringComparison.Ordinal)));
        card.AssertClean();

        // Known again by its file-system serial: what the first session proved was not read a second time.
        using (var journal = new SqliteConnection($"Data Source={Path.Combine(settings.StateDirectory, "journal.db")};Mode=ReadOnly"))
        {
            journal.Open();
            using var sessions = journal.CreateCommand();
            sessions.CommandText = "SELECT card_uuid FROM sessions ORDER BY started_utc";
            var uuids = new List<string?>();
            using (var r = sessions.ExecuteReader())
                while (r.Read()) uuids.Add(r.IsDBNull(0) ? null : r.GetString(0));
            Assert.Equal(2, uuids.Count);
            Assert.False(string.IsNullOrEmpty(uuids[0]), "the daemon journaled no card serial");
            Assert.Equal(uuids[0], uuids[1]);
            using var proven = journal.CreateCommand();
            proven.CommandText = "SELECT count(*) FROM files WHERE verified_utc IS NOT NULL AND state <> 'wiped' AND session_id = (SELECT id FROM sessions ORDER BY started_utc LIMIT 1)";
            var provenBeforePull = (long)proven.ExecuteScalar()!;
            Assert.True(provenBeforePull >= 2, $"{provenBeforePull} photos proven before the pull");
            var notReadAgain = Directory.GetFiles(Path.Combine(settings.StateDirectory, "logs"), "*.clef").SelectMany(File.ReadAllLines)
                .Count(l => l.Contains("not read again", StringComparison.Ordinal));
            Assert.Equal(provenBeforePull, notReadAgain);
        }

        var history = await KioskProcess.RunAsync(settings.AsEnvironment(), "history", "--json");
        Assert.Contains("\"Interrupted\"", history.Stdout);
        Assert.Contains("\"Completed\"", history.Stdout);
    }

    [Fact]
    public async Task A_card_holding_a_photo_the_kiosk_does_not_take_is_never_shown_done()
    {
        using var state = new TempDirectory();
        var settings = Settings(state, "C3471325208958", "LEFT");
        using var card = DaemonCard.Create(TestCard.Small(settings.Serial, photos: 3, seed: 58));
        const string deep = "DCIM/100GOPRO/a/b/c/d/G0000009.JPG"; // 5 folders under DCIM: one too deep
        using (var work = new TempDirectory("ailas-left"))
        using (var mounted = card.Image!.MountFuse(work.Path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(mounted.MountPoint, deep))!);
            File.WriteAllBytes(Path.Combine(mounted.MountPoint, deep), TestCard.BytesOf(card.Card!.Photos[0]));
        }
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");

        card.Insert();
        var settled = await daemon.WaitForAsync(Slot(card, s => s.Phase is SlotPhase.Done or SlotPhase.Problem), "the card settled");
        var slot = SlotOf(settled, card);
        Assert.Equal(SlotPhase.Problem, slot.Phase);
        Assert.Equal((ProblemKind.PhotosLeftOnCard, true, "1 item"), (slot.Problem!.Kind, slot.Problem.CardChanged, slot.Problem.Detail));
        Assert.Contains("DCIM/100GOPRO/a/b/c/d (folder nested more than 4 levels under DCIM", slot.Problem.Message);
        card.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        var files = card.Files();
        Assert.Contains(deep, files);
        Assert.DoesNotContain(files, f => f.EndsWith(".JPG", StringComparison.Ordinal) && f != deep);
        card.AssertClean();
    }

    [Fact]
    public async Task A_card_already_offloaded_is_shown_done_and_an_ext4_stick_is_left_alone()
    {
        using var state = new TempDirectory();
        var settings = Settings(state, "C3471325208954", "AGAIN");
        using var card = DaemonCard.Create(TestCard.Small(settings.Serial, photos: 3, seed: 54));
        using var stick = DaemonCard.Ext4Stick();
        var stickBytes = System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(stick.ImagePath));
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");

        card.Insert();
        await daemon.WaitForAsync(Slot(card, s => s.Phase == SlotPhase.Done), "first pass done");
        card.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        card.Insert();
        var again = await daemon.WaitForAsync(Slot(card, s => s.Phase is SlotPhase.Done or SlotPhase.Problem), "second pass settled");
        Assert.Equal(SlotPhase.Done, SlotOf(again, card).Phase);
        Assert.Equal(0, SlotOf(again, card).Result!.Files);
        card.Remove();

        stick.Insert();
        var refused = await daemon.WaitForAsync(Slot(stick, s => s.Phase == SlotPhase.Problem), "the stick refused");
        var slot = SlotOf(refused, stick);
        Assert.Equal(ProblemKind.NotACameraCard, slot.Problem!.Kind);
        Assert.False(slot.Problem.CardChanged);
        Assert.Equal("ext4", slot.Card!.FileSystem);
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(stick.DevicePath, StringComparison.Ordinal));
        stick.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        Assert.Equal(stickBytes, System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(stick.ImagePath)));
        card.AssertClean();
    }

    [Fact]
    public async Task Storage_down_while_idle_holds_the_card_untouched_and_it_is_offloaded_when_storage_returns()
    {
        using var state = new TempDirectory();
        // Over plain HTTP: the daemon's HTTP path stays covered (the other daemon tests use HTTPS).
        var proxy = new TcpProxy(new Uri(_s3.HttpEndpoint));
        var port = proxy.Port;
        await proxy.Cut();
        var settings = Settings(state, "C3471325208955", "IDLEDOWN").OverPlainHttp(_s3).With("Storage:Endpoint", proxy.Endpoint);
        using var card = DaemonCard.Create(TestCard.Small(settings.Serial, photos: 4, seed: 55));
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Storage.State == CheckState.Failing, "storage reported failing while idle");

        card.Insert();
        var held = await daemon.WaitForAsync(Slot(card, s => s.Problem?.Kind == ProblemKind.StorageUnreachable), "card held: storage unreachable");
        Assert.False(SlotOf(held, card).Problem!.CardChanged);
        Assert.Equal(4, card.Files().Count(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)));

        await using var back = new TcpProxy(new Uri(_s3.HttpEndpoint), port: port);
        var done = await daemon.WaitForAsync(Slot(card, s => s.Phase == SlotPhase.Done), "offloaded once storage is back");
        Assert.Equal(4, SlotOf(done, card).Result!.Wiped);
        card.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        card.AssertClean();
    }

    [Fact]
    public async Task Storage_lost_mid_upload_wipes_nothing_and_the_card_is_finished_when_storage_returns()
    {
        using var state = new TempDirectory();
        var card = TestCard.Small("C3471325208956", photos: 10, seed: 56);
        // HTTPS through the proxy: a TLS stream cut mid-upload is "unreachable", never "not trusted".
        var proxy = new TcpProxy(new Uri(_s3.HttpsEndpoint), cutAfterUploadBytes: card.Photos.Sum(p => p.Spec.SizeBytes) / 3);
        var port = proxy.Port;
        var settings = Settings(state, card.Photos[0].Camera.Serial, "MIDDOWN").With("Storage:Endpoint", proxy.Endpoint)
            .With("Offload:Concurrency", "1");
        using var inserted = DaemonCard.Create(card);
        await using var daemon = DaemonProcess.Start(settings);
        await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");

        inserted.Insert();
        var down = await daemon.WaitForAsync(Slot(inserted, s => s.Problem?.Kind == ProblemKind.StorageUnreachable), "storage lost mid-upload");
        Assert.True(proxy.IsCut);
        Assert.False(SlotOf(down, inserted).Problem!.CardChanged);
        Assert.Equal(10, inserted.Files().Count(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)));

        await using var back = new TcpProxy(new Uri(_s3.HttpsEndpoint), port: port);
        var done = await daemon.WaitForAsync(Slot(inserted, s => s.Phase == SlotPhase.Done), "finished once storage is back");
        Assert.Equal((10, 10), (SlotOf(done, inserted).Result!.Verified, SlotOf(done, inserted).Result!.Wiped));
        inserted.Remove();
        await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
        foreach (var photo in card.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        inserted.AssertClean();
        await proxy.DisposeAsync();
    }

    [Fact]
    public async Task An_unknown_camera_is_secured_but_kept_and_an_implausible_clock_holds_the_card()
    {
        using var state = new TempDirectory();
        var settings = Settings(state, "C3471325208957", "UNKNOWN");
        using var stranger = DaemonCard.Create(TestCard.Small("C3471325200000", photos: 3, seed: 57));
        await using (var daemon = DaemonProcess.Start(settings))
        {
            await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");
            stranger.Insert();
            var unknown = await daemon.WaitForAsync(Slot(stranger, s => s.Phase == SlotPhase.Problem), "unknown camera");
            var problem = SlotOf(unknown, stranger).Problem!;
            Assert.Equal((ProblemKind.UnknownCamera, "C3471325200000", false), (problem.Kind, problem.Detail, problem.CardChanged));
            Assert.Equal(3, (await _s3.ListAsync("_unassigned/C3471325200000/")).Count(k => k.EndsWith(".JPG", StringComparison.Ordinal)));
            stranger.Remove();
            await daemon.WaitForAsync(s => s.Slots.Count == 0, "slot ready");
            Assert.Equal(3, stranger.Files().Count(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)));
            Assert.Equal(0, await daemon.StopAsync());
        }

        // A Pi without RTC before NTP: the card is held, untouched and unmounted, until the clock is believable.
        settings.With("Health:NotBefore", "2099-01-01T00:00:00Z");
        await using var waiting = DaemonProcess.Start(settings);
        stranger.Insert();
        var held = await waiting.WaitForAsync(Slot(stranger, s => s.Problem?.Kind == ProblemKind.WaitingForClock), "waiting for the clock");
        Assert.False(SlotOf(held, stranger).Problem!.CardChanged);
        Assert.False(held.Health.Clock.IsOk);
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(Path.Combine(settings.StateDirectory, "media"), StringComparison.Ordinal));
        Assert.Equal(0, await waiting.StopAsync());
        stranger.Remove();
        stranger.AssertClean();
    }

    [Fact]
    public async Task Stopping_the_daemon_mid_offload_releases_the_card_and_the_next_start_resumes()
    {
        using var state = new TempDirectory();
        var settings = Settings(state, "C3471325208958", "STOP").With("Offload:Concurrency", "1");
        using var card = DaemonCard.Create(TestCard.Small(settings.Serial, photos: 12, seed: 58));
        await using (var daemon = DaemonProcess.Start(settings))
        {
            await daemon.WaitForAsync(s => s.Health.Healthy, "a healthy kiosk");
            card.Insert();
            await daemon.WaitForAsync(Slot(card, s => s.Progress is { FilesDone: >= 2 }), "two files verified");
            Assert.Equal(0, await daemon.StopAsync());
            Assert.Contains("left as it is: the kiosk stops", daemon.Log);
        }
        // Unmounted on the way out: no FUSE mount is left, the medium is clean and still full.
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(Path.Combine(settings.StateDirectory, "media"), StringComparison.Ordinal));
        Assert.Equal(12, card.Files().Count(f => f.EndsWith(".JPG", StringComparison.OrdinalIgnoreCase)));
        card.AssertClean();

        await using var again = DaemonProcess.Start(settings);
        var done = await again.WaitForAsync(Slot(card, s => s.Phase == SlotPhase.Done), "resumed after restart");
        Assert.Equal(12, SlotOf(done, card).Result!.Wiped);
    }

    private static bool IsMountPoint(string path) =>
        File.ReadAllLines("/proc/self/mountinfo").Any(l => l.Split(' ')[4] == path);
}
