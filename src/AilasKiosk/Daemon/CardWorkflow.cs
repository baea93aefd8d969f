using AilasKiosk.Detect;
using AilasKiosk.Health;
using AilasKiosk.Identify;
using AilasKiosk.Journal;
using AilasKiosk.Mount;
using AilasKiosk.Notify;
using AilasKiosk.Offload;
using AilasKiosk.Status;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Daemon;

/// <summary>
/// The life of one card in one reader slot, from insertion to removal: probe → wait for a healthy clock and
/// storage → mount → offload (the engine) → unmount → done or a problem, shown until the card is removed.
/// The probe waits for udev's verdict on a card seen before udev has probed it, and a card shown without a
/// camera file system is looked at again while it stays in; a problem the kiosk leaves a card in never leaves
/// it mounted. Every line it logs carries the session id the engine then uses too.
/// </summary>
internal sealed class CardWorkflow(
    OffloadEngine engine,
    OffloadJournal journal,
    IFileSystemProbe probe,
    ICardMounter mounter,
    KioskStatus status,
    HealthMonitor health,
    INotifier notifier,
    CameraRegistry cameras,
    TimeProvider time,
    ILogger<CardWorkflow> log)
{
    /// <summary>File systems a camera writes. Anything else is left alone, unmounted.</summary>
    public static readonly IReadOnlySet<string> CameraFileSystems = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "vfat", "exfat" };

    /// <summary>How often a running offload looks whether its mount is still there (a FUSE mount torn down, a stale mount).</summary>
    private static readonly TimeSpan MountWatchInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Unmounting after SIGTERM gets this long; systemd's stop timeout is 30 s.</summary>
    private static readonly TimeSpan UnmountOnStopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a new card waits for udev's verdict on its file system (udev probes a medium a moment after the
    /// kernel shows it; more on a slow reader) before the slot says what is known.
    /// </summary>
    public static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(20);

    /// <summary>How often the probe looks again while the verdict is pending.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a card of an unknown camera, left in, looks whether the registry knows the camera now (one stat).</summary>
    public static readonly TimeSpan RegistryLookInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often a card the slot shows as not a camera card is probed again (udev's entry: one small file).</summary>
    public static readonly TimeSpan ReprobeInterval = TimeSpan.FromSeconds(2);

    /// <param name="removed">Cancelled when the medium disappears from the reader.</param>
    /// <param name="stopping">Cancelled when the daemon stops.</param>
    /// <returns>When the card has been removed, or the daemon stops.</returns>
    public async Task RunAsync(BlockDevice device, CancellationToken removed, CancellationToken stopping)
    {
        var slot = device.Slot;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(removed, stopping);
        var keepSlot = false;
        var session = new SessionTag(OffloadEngine.NewSessionId(time));
        try
        {
            keepSlot = await OffloadUntilSettledAsync(device, session, either.Token, removed, stopping);
            if (!stopping.IsCancellationRequested && !removed.IsCancellationRequested)
            {
                if (status.Current.Slots.Any(s => s.Slot == slot && s.Phase == SlotPhase.Problem))
                    await EjectLeftoverAsync(device, either.Token);
                await WaitAsync(either.Token);
            }
        }
        catch (OperationCanceledException) when (either.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A bug must not take the other slots down; the card stays as it is (nothing unverified is ever wiped).
            log.LogError(e, "Slot {Slot}: unexpected failure", slot);
            SetProblem(slot, new SlotProblem(ProblemKind.CardReadError, $"internal error: {e.Message}", false));
            await EjectLeftoverAsync(device, either.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await WaitAsync(either.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // shown until the card is pulled
        }
        finally
        {
            if (!keepSlot && !stopping.IsCancellationRequested)
                status.RemoveSlot(slot, onlyIf: s => s.Card?.Device == device.DevicePath && s.Session == session.Id);
            using var scope = log.BeginScope(session.Scope(slot));
            log.LogInformation("Slot {Slot}: card {Device} {How}", slot, device.DevicePath,
                stopping.IsCancellationRequested ? "left as it is: the kiosk stops" : keepSlot ? "pulled too early" : "removed");
        }
    }

    /// <returns>True when the slot's state must outlive the card (pulled too early: "put it back in").</returns>
    private async Task<bool> OffloadUntilSettledAsync(BlockDevice device, SessionTag session, CancellationToken either, CancellationToken removed,
        CancellationToken stopping)
    {
        var slot = device.Slot;
        ClearPulledNotices();
        using var firstScope = log.BeginScope(session.Scope(slot));
        status.SetSlot(Slot(device, SlotPhase.CardDetected) with { Session = session.Id, Card = new CardInfo(device.DevicePath, null, null, null) });
        var fs = await ProbeAsync(device, either);
        string? type;
        while ((type = CameraFileSystemOf(fs)) is null)
        {
            ShowNoCameraFileSystem(device, fs);
            fs = await ReprobeAsync(device, fs, either);
        }
        status.UpdateSlot(slot, s => s with { Phase = SlotPhase.CardDetected, Problem = null, Card = new CardInfo(device.DevicePath, fs.Type, fs.Label, fs.Uuid) });

        for (var attempt = 1; ; attempt++)
        {
            // A retry (storage back) is a new session in the journal; its lines carry the new id.
            if (attempt > 1)
                session.Id = OffloadEngine.NewSessionId(time);
            var sessionId = session.Id;
            using var scope = log.BeginScope(session.Scope(slot));
            log.LogInformation("Card inserted in {Slot} ({Reader}): {Device}, {FileSystem} \"{VolumeLabel}\" {Uuid}", slot, device.Reader, device.DevicePath, fs.Type, fs.Label, fs.Uuid);
            await WaitForHealthAsync(device, either);

            status.UpdateSlot(slot, s => s with { Phase = SlotPhase.CardDetected, Since = time.GetUtcNow(), Session = sessionId, Problem = null });
            MountedCard mounted;
            try
            {
                mounted = await mounter.MountAsync(device, type, either);
            }
            catch (MountException e)
            {
                log.LogError("Slot {Slot}: cannot mount {Device}: {Error}", slot, device.DevicePath, e.Message);
                SetProblem(slot, new SlotProblem(ProblemKind.CardReadError, $"cannot mount {device.DevicePath}: {e.Message}", false));
                return false;
            }
            log.LogInformation("Mounted {Device} at {Root}", device.DevicePath, mounted.Root);

            status.UpdateSlot(slot, s => s with { Phase = SlotPhase.Identifying, Since = time.GetUtcNow() });
            var report = await OffloadWhileMountedAsync(mounted, sessionId, fs, either);
            var pulled = removed.IsCancellationRequested || !mounter.IsMounted(mounted);
            var isCameraCard = !pulled && LooksLikeCameraCard(mounted.Root);

            if (stopping.IsCancellationRequested)
            {
                using var bounded = new CancellationTokenSource(UnmountOnStopTimeout);
                await UnmountAsync(mounted, bounded.Token);
                return false;
            }
            if (pulled)
            {
                // Whatever the engine got to: it only ever deleted verified files; the journal says Interrupted.
                log.LogWarning("Slot {Slot}: card pulled while in use; {Wiped} verified files had been wiped, the rest are on the card. Re-insert it to finish",
                    slot, report.Wiped);
                await UnmountAsync(mounted, CancellationToken.None);
                MarkInterrupted(sessionId, $"card pulled before the end ({report.Verified} of {report.Planned} verified)");
                var pulledProblem = new SlotProblem(ProblemKind.CardPulledTooEarly,
                    $"card pulled before the end: {report.Verified} of {report.Planned} files verified, {report.Wiped} wiped; re-insert it to finish", report.Wiped > 0);
                SessionEnded(report, pulledProblem, slot);
                SetProblem(slot, pulledProblem);
                return true;
            }

            status.UpdateSlot(slot, s => s with { Phase = SlotPhase.Ejecting, Since = time.GetUtcNow(), Result = OutcomeMapping.ResultOf(report) });
            if (!await UnmountAsync(mounted, removed))
            {
                var unmountProblem = new SlotProblem(ProblemKind.CardReadError,
                    $"could not unmount {device.DevicePath} cleanly; {report.Wiped} files were wiped after verification", report.Wiped > 0);
                SessionEnded(report, unmountProblem, slot);
                SetProblem(slot, unmountProblem);
                return false;
            }

            var problem = OutcomeMapping.ProblemOf(report, isCameraCard);
            SessionEnded(report, problem, slot);
            if (problem is null)
            {
                log.LogInformation("Slot {Slot}: done, safe to remove: {Message}", slot, report.Message);
                status.UpdateSlot(slot, s => s with { Phase = SlotPhase.Done, Since = time.GetUtcNow(), Problem = null });
                if (report.CameraLabel is { } label && report.Planned > 0)
                    status.SetLastCard(new LastCard(label, report.Planned, report.Bytes, time.GetUtcNow(), report.Outcome.ToString()));
                return false;
            }
            SetProblem(slot, problem);
            if (problem.Kind == ProblemKind.KioskDiskFull)
            {
                await WaitForDiskSpaceAsync(slot, either);
                continue;
            }
            // Only for a camera unknown now: one the registry knows yet still unknown to the offload must not spin the card.
            if (problem is { Kind: ProblemKind.UnknownCamera, Detail: { } serial } && !cameras.ContainsKey(serial))
            {
                await WaitForCameraAsync(slot, serial, either);
                continue;
            }
            if (problem.Kind != ProblemKind.StorageUnreachable && !StorageProblems.IsCertificate(problem.Kind))
                return false;

            // The network came back, the clock was set, the certificate renewed? Finish without making the crew
            // re-insert: the journal and the bucket say what is done.
            if (problem.Kind == ProblemKind.StorageUnreachable)
                log.LogWarning("Slot {Slot}: storage unreachable; the card is unmounted and will be offloaded when storage answers again", slot);
            else
                log.LogWarning("Slot {Slot}: storage not trusted ({Problem}); the card is unmounted and will be offloaded when its certificate is trusted again", slot, problem.Kind);
            health.CheckSoon();
            await status.WaitUntilAsync(s => s.Health.Storage.IsOk, either);
            log.LogInformation("Slot {Slot}: storage is back; resuming the card", slot);
        }
    }

    /// <summary>
    /// A card of an unknown camera, its photos secured in quarantine and kept on it: while it stays in, the kiosk
    /// waits for the camera to be registered (here with `cameras add`, or in the shared registry, read every few
    /// minutes) and then finishes it, filed under the label and wiped, without the crew doing anything.
    /// </summary>
    private async Task WaitForCameraAsync(string slot, string serial, CancellationToken either)
    {
        log.LogInformation("Slot {Slot}: waiting for camera {Serial} to be registered; the card is unmounted and will be finished when it is", slot, serial);
        string? label;
        while (true)
        {
            cameras.Refresh();
            if (cameras.TryGetValue(serial, out label))
                break;
            await Task.Delay(RegistryLookInterval, time, either);
        }
        log.LogInformation("Slot {Slot}: camera {Serial} is now {Label}; finishing the card", slot, serial, label);
    }

    /// <summary>
    /// The kiosk's own disk filled up: the card, unmounted, waits until a disk check made after the failure finds room
    /// again (a maintainer freed space), then is resumed from the journal like after a storage outage.
    /// </summary>
    private async Task WaitForDiskSpaceAsync(string slot, CancellationToken either)
    {
        log.LogWarning("Slot {Slot}: the kiosk's own disk is full; the card is unmounted and will be offloaded once there is room again", slot);
        var failedAt = time.GetUtcNow();
        // At least one retry interval: a check that still passes (room under its threshold) must not spin the card.
        await Task.Delay(HealthMonitor.RetryInterval, time, either);
        health.CheckSoon();
        await status.WaitUntilAsync(s => s.Health.Disk.IsOk && s.Health.CheckedAt > failedAt, either);
        log.LogInformation("Slot {Slot}: {Disk}; resuming the card", slot, status.Current.Health.Disk.Detail);
    }

    /// <summary>The journal's note that the card left early; with no room for it, the session stays unfinished, as after a power cut.</summary>
    private void MarkInterrupted(string sessionId, string reason)
    {
        try
        {
            journal.MarkInterrupted(sessionId, reason);
        }
        catch (KioskDiskFullException e)
        {
            log.LogError("Cannot mark session {Session} interrupted: {Error}", sessionId, e.Message);
        }
    }

    /// <summary>
    /// The file system, once the probe has a verdict: a card seen before udev has probed it (udev's entry missing,
    /// uninitialised or still the previous medium's) is looked at again every <see cref="ProbeInterval"/>, up to
    /// <see cref="ProbeWait"/>. Still pending then: the result as it stands (what udev's entry says, if anything).
    /// </summary>
    private async Task<FileSystemFacts> ProbeAsync(BlockDevice device, CancellationToken either)
    {
        var started = time.GetTimestamp();
        var fs = await Task.Run(() => probe.Probe(device), either);
        if (!fs.IsPending)
            return fs;
        log.LogInformation("Slot {Slot}: waiting up to {Seconds:0} s for the file system of {Device}: {Pending}",
            device.Slot, ProbeWait.TotalSeconds, device.DevicePath, fs.Pending);
        var waitedFor = fs.Pending;
        while (fs.IsPending && time.GetElapsedTime(started) < ProbeWait)
        {
            await Task.Delay(ProbeInterval, time, either);
            fs = await Task.Run(() => probe.Probe(device), either);
            if (fs.IsPending && fs.Pending != waitedFor)
                log.LogInformation("Slot {Slot}: still waiting for the file system of {Device}: {Pending}", device.Slot, device.DevicePath, fs.Pending);
            waitedFor = fs.Pending ?? waitedFor;
        }
        var waited = time.GetElapsedTime(started).TotalSeconds;
        if (fs.IsPending)
            log.LogWarning("Slot {Slot}: no verdict on the file system of {Device} after {Seconds:0.0} s: {Pending}",
                device.Slot, device.DevicePath, waited, fs.Pending);
        else
            log.LogInformation("Slot {Slot}: {Device} holds {FileSystem}, known after {Seconds:0.0} s (had waited for: {Pending})",
                device.Slot, device.DevicePath, fs.Type ?? "no file system", waited, waitedFor);
        return fs;
    }

    /// <summary>FAT32 or exFAT (as far as known: a pending result after the wait goes by udev's entry): the card may be mounted.</summary>
    private static string? CameraFileSystemOf(FileSystemFacts fs) => fs.Type is { } type && CameraFileSystems.Contains(type) ? type : null;

    /// <summary>"Not a camera card" only on a verdict; a file system still unknown after the wait is a card read error.</summary>
    private void ShowNoCameraFileSystem(BlockDevice device, FileSystemFacts fs)
    {
        var slot = device.Slot;
        status.UpdateSlot(slot, s => s with { Card = new CardInfo(device.DevicePath, fs.Type, fs.Label, fs.Uuid) });
        if (fs.IsPending)
        {
            log.LogWarning("Slot {Slot}: cannot tell the file system of {Device}: {Pending}; left alone, not mounted; looking again every {Seconds:0} s",
                slot, device.DevicePath, fs.Pending, ReprobeInterval.TotalSeconds);
            SetProblem(slot, new SlotProblem(ProblemKind.CardReadError,
                $"cannot tell the file system on {device.DevicePath} ({fs.Pending}); left untouched", false));
            return;
        }
        log.LogWarning("Slot {Slot}: {Device} holds {FileSystem}, not a camera card: left alone, not mounted", slot, device.DevicePath, fs.Type ?? "no file system");
        SetProblem(slot, new SlotProblem(ProblemKind.NotACameraCard,
            $"{fs.Type ?? "no"} file system on {device.DevicePath}: cameras write FAT32 or exFAT; left untouched", false));
    }

    /// <summary>
    /// While the slot shows that a card has no camera file system: probes it again every <see cref="ReprobeInterval"/>,
    /// so a verdict udev gives late still gets the card offloaded, and returns the new result once it differs. A mount
    /// of the card meanwhile (PID 1 mounts what udev calls FAT) is ejected: the kiosk does not work on it.
    /// </summary>
    private async Task<FileSystemFacts> ReprobeAsync(BlockDevice device, FileSystemFacts shown, CancellationToken either)
    {
        var ejectTried = false;
        while (true)
        {
            // Looked for before the probe: udev writes its entry before its rule has PID 1 mount the card, so the
            // probe below already knows about any mount seen here, and a late FAT verdict is not ejected by mistake.
            var mount = mounter.FindMount(device);
            var fs = await Task.Run(() => probe.Probe(device), either);
            if (fs.Type != shown.Type || fs.IsPending != shown.IsPending)
            {
                log.LogInformation("Slot {Slot}: {Device} looked at again: {FileSystem}{Pending}", device.Slot, device.DevicePath,
                    fs.Type ?? "no file system", fs.IsPending ? $" (not final: {fs.Pending})" : "");
                return fs;
            }
            if (mount is not null && !ejectTried)
            {
                ejectTried = true;
                await EjectAsync(mount, either);
            }
            await Task.Delay(ReprobeInterval, time, either);
        }
    }

    /// <summary>A slot left in a problem state never leaves the card mounted: a mount of it is ejected like a finished card.</summary>
    private async Task EjectLeftoverAsync(BlockDevice device, CancellationToken cancellationToken)
    {
        if (mounter.FindMount(device) is { } mount)
            await EjectAsync(mount, cancellationToken);
    }

    private async Task EjectAsync(MountedCard mount, CancellationToken cancellationToken)
    {
        log.LogWarning("Slot {Slot}: {Device} is mounted at {Root} but the kiosk does not work on it: ejecting it",
            mount.Device.Slot, mount.Device.DevicePath, mount.Root);
        await UnmountAsync(mount, cancellationToken);
    }

    private async Task<OffloadReport> OffloadWhileMountedAsync(MountedCard mounted, string sessionId, FileSystemFacts fs, CancellationToken either)
    {
        using var torn = CancellationTokenSource.CreateLinkedTokenSource(either);
        var watch = WatchMountAsync(mounted, torn);
        try
        {
            var observer = new SlotProgressObserver(status, mounted.Device.Slot, time);
            // The serial ties this card to its earlier sessions: after a power cut, what they proved is not read again.
            return await engine.RunAsync(mounted.Root, torn.Token, fs.Label, observer, sessionId, fs.Uuid);
        }
        catch (KioskDiskFullException e)
        {
            // Mostly before the session's plan was journaled (nothing wiped); at worst its last record, after verified
            // files were wiped. Either way nothing unverified left the card, and the retry finishes what remains.
            log.LogError("Kiosk disk full, the card is left as it is: {Error}", e.Message);
            return new OffloadReport(OffloadOutcome.KioskDiskFull, sessionId, null, null, 0, 0, 0, 0, 0, 0, 0, 0, null,
                $"{e.Message}; nothing unverified was deleted", []);
        }
        finally
        {
            await torn.CancelAsync();
            await watch;
        }
    }

    /// <summary>A mount that vanishes under a running offload (FUSE daemon killed, card yanked) stops it at once.</summary>
    private async Task WatchMountAsync(MountedCard mounted, CancellationTokenSource torn)
    {
        try
        {
            while (!torn.IsCancellationRequested)
            {
                await Task.Delay(MountWatchInterval, time, torn.Token);
                if (!mounter.IsMounted(mounted))
                {
                    log.LogWarning("The mount of {Device} at {Root} is gone", mounted.Device.DevicePath, mounted.Root);
                    await torn.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Holds the card, untouched and unmounted, while the clock is implausible or the storage fails.</summary>
    private async Task WaitForHealthAsync(BlockDevice device, CancellationToken either)
    {
        var shown = (ProblemKind?)null;
        while (true)
        {
            var h = status.Current.Health;
            var blocking = !h.Clock.IsOk && h.Clock.State != CheckState.Unknown ? h.Clock
                : !h.Storage.IsOk && h.Storage.State != CheckState.Unknown ? h.Storage
                : null;
            if (h.Clock.IsOk && h.Storage.IsOk)
                return;
            if (blocking?.Problem is { } kind && kind != shown)
            {
                log.LogWarning("Slot {Slot}: card held, untouched: {Detail}", device.Slot, blocking.Detail);
                SetProblem(device.Slot, new SlotProblem(kind, blocking.Detail, false));
                shown = kind;
            }
            health.CheckSoon();
            var before = h;
            await status.WaitUntilAsync(s => !ReferenceEquals(s.Health, before), either);
        }
    }

    private async Task<bool> UnmountAsync(MountedCard mounted, CancellationToken cancellationToken)
    {
        try
        {
            await mounter.UnmountAsync(mounted, cancellationToken);
            log.LogInformation("Unmounted {Device}", mounted.Device.DevicePath);
            return true;
        }
        catch (Exception e) when (e is MountException or IOException or OperationCanceledException)
        {
            log.LogError("Could not unmount {Device} from {Root}: {Error}", mounted.Device.DevicePath, mounted.Root, e.Message);
            return false;
        }
    }

    /// <summary>A GoPro card has DCIM/ or MISC/ at its root (FAT names: any case).</summary>
    private static bool LooksLikeCameraCard(string root)
    {
        try
        {
            return Directory.EnumerateDirectories(root).Select(Path.GetFileName)
                .Any(name => string.Equals(name, "DCIM", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "MISC", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>"Card pulled, put it back" notices are for the crew at hand: the next card inserted anywhere clears them.</summary>
    private void ClearPulledNotices()
    {
        foreach (var s in status.Current.Slots.Where(s => s.Problem?.Kind == ProblemKind.CardPulledTooEarly && s.Phase == SlotPhase.Problem))
            status.RemoveSlot(s.Slot);
    }

    /// <summary>A session ended: the webhook is told, and the status model keeps it among the recent sessions (the fleet's view).</summary>
    private void SessionEnded(OffloadReport report, SlotProblem? problem, string slot)
    {
        notifier.SessionEnded(report, problem, slot);
        status.AddSession(new RecentSession(time.GetUtcNow(), report.SessionId, slot, report.CameraLabel, report.CameraSerial, report.Planned,
            report.Bytes, report.Outcome.ToString(), problem?.Kind, report.Quarantined, RecentSession.Bounded(report.Warnings)));
    }

    /// <summary>Shows the problem on its slot and tells the webhook, which reports those that need a person.</summary>
    private void SetProblem(string slot, SlotProblem problem)
    {
        status.UpdateSlot(slot, s => s with { Phase = SlotPhase.Problem, Since = time.GetUtcNow(), Problem = problem });
        if (status.Current.Slots.FirstOrDefault(s => s.Slot == slot) is { } shown)
            notifier.ProblemRaised(problem, shown.Session, slot, new CameraRef(shown.CameraLabel, shown.CameraSerial));
    }

    private SlotStatus Slot(BlockDevice device, SlotPhase phase) => new(device.Slot, phase, time.GetUtcNow());

    private static Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    /// <summary>The session a card's lines are tagged with: decided at insertion, renewed on a retry.</summary>
    private sealed class SessionTag(string id)
    {
        public string Id { get; set; } = id;

        public Dictionary<string, object> Scope(string slot) => new() { ["Session"] = Id, ["Slot"] = slot };
    }
}
