using System.Collections.Concurrent;
using AilasKiosk.Card;
using AilasKiosk.Configuration;
using AilasKiosk.Identify;
using AilasKiosk.Inspect;
using AilasKiosk.Journal;
using AilasKiosk.Platform;
using AilasKiosk.Storage;
using AilasKiosk.Upload;
using AilasKiosk.Verify;
using AilasKiosk.Wipe;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Offload;

/// <summary>
/// Offloads one mounted card: scan → identify → check storage → upload and verify every image → manifest →
/// wipe the verified files → flush. Used by the `offload` command and, per reader slot, by the daemon.
/// Every log line of the work carries the session id.
/// </summary>
internal sealed class OffloadEngine
{
    private readonly KioskOptions _options;
    private readonly IObjectStore _store;
    private readonly OffloadJournal _journal;
    private readonly ILogger _log;
    private readonly CardScanner _scanner;
    private readonly CameraRegistry _cameras;
    private readonly CameraIdentifier _identifier;
    private readonly ObjectKeys _keys;
    private readonly FileOffloader _files;
    private readonly ManifestWriter _manifests;
    private readonly CardWiper _wiper;
    private readonly TimeProvider _time;
    private readonly IdleMemoryRelease _idleMemory;

    /// <param name="time">The kiosk's clock: session ids, start times and the manifest's date; durations on its monotonic timestamps.</param>
    /// <param name="cameras">The camera registry, refreshed as each card starts.</param>
    /// <remarks>Built by <see cref="OffloadServices.AddOffloadEngine"/>, for the host and the tests alike.</remarks>
    public OffloadEngine(KioskOptions options, IObjectStore store, OffloadJournal journal, TimeProvider time, ILogger<OffloadEngine> log,
        CameraRegistry cameras, CardScanner scanner, CameraIdentifier identifier, ObjectKeys keys, FileOffloader files,
        ManifestWriter manifests, CardWiper wiper, IdleMemoryRelease idleMemory)
    {
        _options = options;
        _store = store;
        _journal = journal;
        _time = time;
        _log = log;
        _cameras = cameras;
        _scanner = scanner;
        _identifier = identifier;
        _keys = keys;
        _files = files;
        _manifests = manifests;
        _wiper = wiper;
        _idleMemory = idleMemory;
    }

    /// <param name="volumeLabel">The card's file-system label, when the caller knows it (udev does): a last-resort identity.</param>
    /// <param name="observer">Told of the plan, each verified or failed image and each stage (the daemon's progress).</param>
    /// <param name="sessionId">Given by the daemon, which tags its own lines about the card (detection, mounting) with it too.</param>
    /// <param name="cardUuid">The card's file-system serial (udev's ID_FS_UUID), when known: files an earlier session of this
    /// card proved, and unchanged since, are then not read again (<see cref="FileOffloader"/>).</param>
    public async Task<OffloadReport> RunAsync(string cardRoot, CancellationToken cancellationToken, string? volumeLabel = null,
        IOffloadObserver? observer = null, string? sessionId = null, string? cardUuid = null)
    {
        observer ??= NoOffloadObserver.Instance;
        var clock = new Elapsed(_time);
        cardRoot = Path.GetFullPath(cardRoot);
        sessionId ??= NewSessionId(_time);
        using var scope = _log.BeginScope(new Dictionary<string, object> { ["Session"] = sessionId });
        using var running = _idleMemory.SessionRunning();
        var warnings = new List<string>();
        OffloadReport Early(OffloadOutcome outcome, string message, CameraIdentity? camera = null, int planned = 0, long bytes = 0)
        {
            _log.LogWarning("Card {CardRoot}: {Message}", cardRoot, message);
            return new OffloadReport(outcome, sessionId, camera?.Serial, camera?.Label, planned, 0, 0, 0, 0, 0, bytes, clock.Value.TotalSeconds, null, message, warnings);
        }

        _log.LogInformation("Card at {CardRoot}: session {Session} starts", cardRoot, sessionId);
        _cameras.Refresh(); // a camera registered since the last card counts for this one
        CardScan scan;
        try
        {
            if (!Directory.Exists(cardRoot))
                return Early(OffloadOutcome.CardUnreadable, "card directory not found");
            scan = _scanner.Scan(cardRoot);
        }
        catch (Exception e) when (e is CardReadException or IOException or UnauthorizedAccessException)
        {
            return Early(OffloadOutcome.CardUnreadable, $"card cannot be read: {e.Message}");
        }
        foreach (var left in scan.Left)
            _log.LogWarning("Not taken, left on the card: {Entry}: {Reason}", left.Path, left.Reason);
        if (scan.Files.Count == 0 && scan.Left.Count == 0)
        {
            _log.LogInformation("No images on the card: nothing to do");
            return new OffloadReport(OffloadOutcome.NothingToDo, sessionId, null, null, 0, 0, 0, 0, 0, 0, 0, clock.Value.TotalSeconds, null,
                "no images on the card", warnings);
        }

        // The card's own camera (version.txt) is a fallback: each image is filed under the camera that took it.
        var camera = _identifier.Identify(cardRoot, scan.Files, volumeLabel);
        if (camera is null)
            _log.LogWarning("No camera serial in MISC/version.txt nor in the first images; each image is identified on its own");
        else
            _log.LogInformation("Card of camera {Serial} ({Model}, firmware {Firmware}), {Label}, from {Source}; {Files} images, {Bytes} bytes",
                camera.Serial, camera.Model, camera.Firmware, camera.Label ?? "not registered", camera.Source, scan.Files.Count, scan.TotalBytes);

        var startedUtc = _time.GetUtcNow().UtcDateTime;
        _journal.BeginSession(new SessionStart(sessionId, _options.KioskId, cardRoot, camera?.Serial, camera?.Label, camera?.Model, camera?.Firmware,
            camera?.Source, startedUtc, cardUuid));
        _journal.AddPlannedFiles(sessionId, scan.Files);
        _journal.AddLeftOnCard(sessionId, scan.Left);

        var run = new SessionRun(sessionId, camera, scan, warnings, clock, TimeSpan.FromSeconds(_options.Checks.ClockSkewThresholdSeconds), observer)
        {
            CardUuid = cardUuid,
        };
        observer.Planned(sessionId, camera, scan.Files.Count, scan.TotalBytes);
        observer.StageChanged(OffloadStage.Uploading);
        try
        {
            await _store.CheckAccessAsync(cancellationToken);
            if (camera?.Label is { } label)
                await AbortAbandonedUploadsAsync(label, cancellationToken);
            await UploadAllAsync(run, cancellationToken);
            run.CheckSummary = run.Checks.Summarize();
            foreach (var other in run.Verified.Values.Where(v => camera is not null && v.CameraSerial != camera.Serial)
                         .GroupBy(v => v.CameraSerial))
                warnings.Add($"{other.Count()} images were taken by camera {other.Key}, not by {camera!.Serial} that MISC/version.txt names: "
                             + $"filed under {other.First().CameraLabel ?? "quarantine"}");
            foreach (var warning in run.CheckSummary.Warnings)
            {
                _log.LogWarning("Image check: {Warning}", warning);
                warnings.Add(warning);
            }
            if (run.Fatal is null && !run.Verified.IsEmpty)
            {
                observer.StageChanged(OffloadStage.Verifying);
                await StoreManifestsAsync(run, cardRoot, startedUtc, cancellationToken);
                CrashPoint.Reached(CrashPoint.ManifestStored);
                if (_options.Offload.Wipe)
                {
                    observer.StageChanged(OffloadStage.Wiping);
                    WipeVerified(run, cardRoot);
                }
            }
        }
        catch (StorageException e)
        {
            run.Fatal ??= e;
        }
        catch (VerificationException e)
        {
            // The manifest could not be proven stored: without it nothing is wiped.
            _log.LogError("Manifest not verified, nothing wiped: {Error}", e.Message);
            warnings.Add($"manifest not verified: {e.Reason}");
        }
        catch (JournalException e)
        {
            // A value this version cannot read: the journal no longer justifies a wipe, so the rest stays on the card.
            _log.LogError("Journal unreadable, nothing more wiped: {Error}", e.Message);
            warnings.Add($"journal unreadable: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped from outside (SIGTERM, card pulled): what is verified stays journaled; the next run resumes.
            run.Interrupted = true;
        }
        catch (KioskDiskFullException e)
        {
            // No room to journal a proof: nothing more is wiped (invariant 1), and the report says whose disk is full.
            return DiskFull(run, e);
        }

        var report = run.ToReport(_options.Offload.Wipe);
        _journal.EndSession(sessionId, EndOf(report, run.Fatal?.Message));
        _log.LogInformation("Session ended: {Outcome}. {Verified}/{Planned} verified ({Uploaded} uploaded, {Present} already there), {Wiped} wiped, {Failed} failed, {Seconds:0.0} s",
            report.Outcome, report.Verified, report.Planned, report.Uploaded, report.AlreadyPresent, report.Wiped, report.Failed, report.Seconds);
        return report;
    }

    private async Task UploadAllAsync(SessionRun run, CancellationToken cancellationToken)
    {
        // A storage failure that will fail every file (server gone, access refused, full) stops the session early.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The card's one reader lane: its files are read one at a time and uploaded several at a time.
        using var lane = new CardLane();
        try
        {
            await Parallel.ForEachAsync(run.Scan.Files,
                new ParallelOptions { MaxDegreeOfParallelism = _options.Offload.Concurrency, CancellationToken = stop.Token },
                async (file, token) =>
                {
                    try
                    {
                        var verified = await _files.OffloadAsync(run.SessionId, run.Camera, file, run.Checks, lane, token, run.CardUuid);
                        run.Verified[file.RelativePath] = Filed.Of(verified);
                        run.Observer.FileVerified(file.RelativePath, file.Size);
                    }
                    catch (StorageException e) when (e.IsFatalForSession)
                    {
                        _journal.RecordFailed(run.SessionId, file.RelativePath, e.Message);
                        _log.LogError("{Path} not offloaded: {Error}", file.RelativePath, e.Message);
                        run.Observer.FileFailed(file.RelativePath, e.Message);
                        run.Fatal ??= e;
                        await stop.CancelAsync();
                    }
                    catch (Exception e) when (e is StorageException or VerificationException or CardFileChangedException or IOException or UnauthorizedAccessException)
                    {
                        _journal.RecordFailed(run.SessionId, file.RelativePath, e.Message);
                        _log.LogError("{Path} not offloaded, it stays on the card: {Error}", file.RelativePath, e.Message);
                        run.Observer.FileFailed(file.RelativePath, e.Message);
                        run.Failures.Add(file.RelativePath);
                        if (e is CardFileUnreadableException unreadable)
                            run.Unreadable.Add(unreadable);
                    }
                });
        }
        catch (OperationCanceledException) when (run.Fatal is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped on purpose after a fatal storage failure; the files not reached stay 'planned' in the journal.
        }
    }

    /// <summary>The same manifest under each camera's folder (and each quarantine folder) the session filled.</summary>
    private async Task StoreManifestsAsync(SessionRun run, string cardRoot, DateTime startedUtc, CancellationToken cancellationToken)
    {
        var keys = run.CamerasFiled().Select(filed => _keys.ForManifest(filed, run.SessionId, startedUtc)).ToList();
        var header = new ManifestHeader(run.SessionId, _options.KioskId, cardRoot, run.Camera, _store.Location, run.CheckSummary);
        await _manifests.WriteAsync(keys, header, cancellationToken);
        run.ManifestKey = keys[0];
        _journal.RecordManifest(run.SessionId, run.ManifestKey);
        _log.LogInformation("Manifest stored and verified as {ManifestKeys}", keys);
    }

    /// <summary>Best effort: a crash mid-upload leaves a multipart upload holding parts on the server.</summary>
    private async Task AbortAbandonedUploadsAsync(string label, CancellationToken cancellationToken)
    {
        try
        {
            // Compared with the server's initiation times, so the wall clock (a skewed one fails the uploads anyway).
            var before = _time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(_options.Offload.AbandonedUploadMinutes);
            var aborted = await _store.AbortAbandonedUploadsAsync($"{label}/", before, cancellationToken);
            if (aborted > 0)
                _log.LogInformation("Aborted abandoned multipart uploads of {Keys} keys under {Label}/", aborted, label);
        }
        catch (StorageException e) when (!e.IsFatalForSession)
        {
            _log.LogWarning("Could not clean abandoned multipart uploads: {Error}", e.Message);
        }
    }

    private void WipeVerified(SessionRun run, string cardRoot)
    {
        using (var wipe = _wiper.Begin(run.SessionId))
            foreach (var file in run.Scan.Files)
            {
                // Images of unregistered cameras stay on the card (the wiper refuses them too).
                if (!run.Verified.TryGetValue(file.RelativePath, out var verified) || verified.IsQuarantined) continue;
                WipeResult result;
                try
                {
                    result = wipe.File(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    result = WipeResult.Refused($"the card refused the deletion: {e.Message}");
                }
                if (result.WasDeleted)
                {
                    run.Wiped++;
                    continue;
                }
                _journal.RecordFailed(run.SessionId, file.RelativePath, $"not wiped: {result.Reason}");
                _log.LogError("{Path} not wiped: {Reason}", file.RelativePath, result.Reason);
                run.Failures.Add(file.RelativePath);
            }
        try
        {
            CardWiper.Flush(cardRoot);
            _log.LogInformation("Wiped {Wiped} verified files from the card and flushed it", run.Wiped);
        }
        catch (IOException e)
        {
            // Deletions not flushed may come back on the card: harmless, their objects are verified.
            _log.LogError("Wiped {Wiped} verified files but could not flush the card: {Error}", run.Wiped, e.Message);
            run.Warnings.Add($"card not flushed: {e.Message}");
        }
    }

    /// <summary>The session's end as the journal keeps it: "failed" counts all that stayed on the card for a reason, entries not taken included.</summary>
    private static SessionEnd EndOf(OffloadReport report, string? error) =>
        new(report.Outcome, report.Uploaded, report.AlreadyPresent, report.Verified, report.Wiped, report.Failed + report.Left.Count, error);

    /// <summary>
    /// The kiosk's own disk filled up mid-session. What the journal holds stands; the session's end is recorded if it
    /// still fits, else `history` shows it unfinished, as after a power cut. Freeing space and running again resumes.
    /// </summary>
    private OffloadReport DiskFull(SessionRun run, KioskDiskFullException e)
    {
        _log.LogError("Kiosk disk full, nothing more wiped: {Error}", e.Message);
        var report = run.ToReport(_options.Offload.Wipe) with
        {
            Outcome = OffloadOutcome.KioskDiskFull,
            Message = $"{e.Message}; nothing unverified was deleted, running again resumes",
            StorageFailure = null,
        };
        try
        {
            _journal.EndSession(run.SessionId, EndOf(report, e.Message));
        }
        catch (KioskDiskFullException)
        {
        }
        _log.LogInformation("Session ended: {Outcome}. {Verified}/{Planned} verified, {Wiped} wiped", report.Outcome, report.Verified,
            report.Planned, report.Wiped);
        return report;
    }

    /// <summary>Sortable by time, unique enough for one kiosk: 20261124-140210-a3f09c.</summary>
    public static string NewSessionId(TimeProvider time) =>
        $"{time.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3))}";

    /// <summary>How long the session has run, on the monotonic clock: an NTP step mid-card does not skew it.</summary>
    private sealed class Elapsed(TimeProvider time)
    {
        private readonly long _start = time.GetTimestamp();

        public TimeSpan Value => time.GetElapsedTime(_start);
    }

    /// <summary>The mutable state of one session while it runs.</summary>
    private sealed class SessionRun(string sessionId, CameraIdentity? camera, CardScan scan, List<string> warnings, Elapsed clock, TimeSpan checkThreshold,
        IOffloadObserver observer)
    {
        public IOffloadObserver Observer { get; } = observer;
        public string SessionId { get; } = sessionId;
        /// <summary>The card's camera per version.txt, if any; images may belong to others.</summary>
        public CameraIdentity? Camera { get; } = camera;
        public CardScan Scan { get; } = scan;
        /// <summary>The card's file-system serial, if known.</summary>
        public string? CardUuid { get; init; }
        /// <summary>
        /// Where each verified file went, by card path (the string the scan holds anyway). The proof itself (hashes,
        /// key, ETag) is in the journal: kept here, it made memory grow by ~1 KB per photo of the card.
        /// </summary>
        public ConcurrentDictionary<string, Filed> Verified { get; } = new();
        public ConcurrentBag<string> Failures { get; } = [];
        /// <summary>Files whose read failed (EIO): the report names them, since the card itself needs checking.</summary>
        public ConcurrentBag<CardFileUnreadableException> Unreadable { get; } = [];
        public SessionChecks Checks { get; } = new(checkThreshold);
        public CheckSummary? CheckSummary { get; set; }
        public StorageException? Fatal { get; set; }
        public string? ManifestKey { get; set; }
        public int Wiped { get; set; }
        public bool Interrupted { get; set; }
        public List<string> Warnings { get; } = warnings;

        /// <summary>One identity per camera (registered or quarantined) that verified files were filed under.</summary>
        public IEnumerable<CameraIdentity> CamerasFiled() => Verified.Values
            .GroupBy(v => (v.CameraSerial, v.CameraLabel))
            .OrderBy(g => g.Key.CameraLabel is null).ThenByDescending(g => g.Count())
            .Select(g => new CameraIdentity(g.Key.CameraSerial, g.Key.CameraLabel, null, null, "images"));

        /// <summary>"2 entries that look like photos are still on the card, not taken: DCIM/100GOPRO/x.JPG (symbolic link; not followed), …".</summary>
        private string LeftSentence()
        {
            const int Named = 3;
            var named = string.Join(", ", Scan.Left.Take(Named).Select(l => $"{l.Path} ({l.Reason})"));
            var more = Scan.Left.Count > Named ? $" and {Scan.Left.Count - Named} more (see the manifest or the log)" : "";
            return Scan.Left.Count == 1
                ? $"1 entry that looks like a photo is still on the card, not taken: {named}"
                : $"{Scan.Left.Count} entries that look like photos are still on the card, not taken: {named}{more}";
        }

        /// <summary>The one unreadable file's own message, or "3 files could not be read from the card: a, b, c: check the card".</summary>
        private string UnreadableSentence()
        {
            const int Named = 3;
            var all = Unreadable.OrderBy(u => u.File.RelativePath, StringComparer.Ordinal).ToList();
            if (all.Count == 1) return all[0].Message;
            var more = all.Count > Named ? $" and {all.Count - Named} more (see the log)" : "";
            return $"{all.Count} files could not be read from the card: {string.Join(", ", all.Take(Named).Select(u => u.File.RelativePath))}{more}: "
                   + "check the card, it may be worn";
        }

        public OffloadReport ToReport(bool wipeEnabled)
        {
            var verified = Verified.Count;
            var uploaded = Verified.Values.Count(v => v.Disposition == Disposition.Uploaded);
            var quarantined = Verified.Values.Where(v => v.IsQuarantined).ToList();
            var notDone = Scan.Files.Count - (wipeEnabled ? Wiped : verified);
            var failed = notDone - (wipeEnabled ? quarantined.Count : 0);
            // The camera the report names: the card's, else the one most images came from.
            var main = CamerasFiled().FirstOrDefault();
            var (serial, label) = Camera is not null ? (Camera.Serial, Camera.Label) : (main?.Serial, main?.Label);
            var unknown = quarantined.Select(v => v.CameraSerial).Distinct().Order().ToList();
            var outcome = Interrupted ? OffloadOutcome.Interrupted
                : Fatal is not null
                    ? Fatal.Failure == StorageFailure.Unreachable ? OffloadOutcome.StorageUnreachable : OffloadOutcome.StorageRefused
                    : failed > 0 ? OffloadOutcome.Partial
                    : unknown.Count > 0 ? OffloadOutcome.UnknownCamera
                    : Scan.Left.Count > 0 ? OffloadOutcome.LeftOnCard
                    : OffloadOutcome.Completed;
            if (outcome == OffloadOutcome.UnknownCamera)
                (serial, label) = (unknown[0], null);
            var message = outcome switch
            {
                OffloadOutcome.Completed => wipeEnabled ? $"{verified} images verified in the bucket and wiped from the card" : $"{verified} images verified in the bucket (wipe disabled)",
                OffloadOutcome.Partial => $"{failed} of {Scan.Files.Count} images not offloaded; they stay on the card",
                OffloadOutcome.UnknownCamera => $"unknown camera {string.Join(", ", unknown)}: {quarantined.Count} images secured in the bucket and kept on the card; "
                                                + $"register it (ailas-kiosk cameras add {unknown[0]} LABEL) and insert the card again",
                OffloadOutcome.LeftOnCard => $"{verified} images verified{(wipeEnabled ? " and wiped" : "")}, but {LeftSentence()}",
                OffloadOutcome.Interrupted => $"interrupted after {verified} of {Scan.Files.Count} images were verified; nothing unverified was deleted, running again resumes",
                _ => $"{Fatal!.Message}; nothing unverified was deleted",
            };
            if (!Unreadable.IsEmpty)
                message += $"; {UnreadableSentence()}";
            if (Scan.Left.Count > 0 && outcome is not (OffloadOutcome.LeftOnCard or OffloadOutcome.Completed))
                message += $"; also, {LeftSentence()}";
            return new OffloadReport(outcome, SessionId, serial, label, Scan.Files.Count, uploaded, verified - uploaded, verified,
                Wiped, failed, Scan.TotalBytes, clock.Value.TotalSeconds, ManifestKey, message, Warnings)
            {
                Quarantined = quarantined.Count,
                Left = Scan.Left,
                StorageFailure = Interrupted ? null : Fatal?.Failure,
            };
        }
    }

    /// <summary>What the session needs to remember of a verified file: how it got there and under which camera.</summary>
    private sealed record Filed(Disposition Disposition, string CameraSerial, string? CameraLabel)
    {
        public bool IsQuarantined => CameraLabel is null;

        // A card holds thousands of photos of one or two cameras: one string each, not one per photo.
        public static Filed Of(VerifiedFile file) =>
            new(file.Disposition, string.Intern(file.CameraSerial), file.CameraLabel is null ? null : string.Intern(file.CameraLabel));
    }
}
