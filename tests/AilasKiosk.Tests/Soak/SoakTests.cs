using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using AilasKiosk.CardFactory;
using AilasKiosk.Status;
using AilasKiosk.Tests.Daemon;
using AilasKiosk.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AilasKiosk.Tests.Soak;

/// <summary>
/// Months of unattended service, compressed: the daemon runs while FAT32 and exFAT cards (some with hostile
/// contents) go in and out of two readers, are pulled at random moments, the storage is cut and restored at
/// random, and the daemon is SIGKILLed and restarted at random. Cards are reused: once offloaded, the camera
/// formats one and fills it again. Proves, throughout and at the end, that no photo leaves a card without its
/// proof in the bucket, that every photo lands exactly once with its bytes, that every card passes fsck, and that
/// the kiosk leaks no descriptors, threads, memory, mounts, FUSE daemons or loop devices. Sized by tools/soak.sh
/// (<see cref="SoakPlan"/>; unset, 4 cards for 3 minutes with a fixed seed).
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
[Trait("Soak", "true")] // run on its own: by tools/test.sh after the xunit suite (CI-sized), and by tools/soak.sh
[Collection(DaemonCollection.Name)]
public class SoakTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(3);

    // Noise, measured at idle moments (no card in): a leak of one per card shows beyond these over a run.
    private const int DescriptorNoise = 8;   // pooled HTTP connections come and go
    private const int ThreadNoise = 12;      // the thread pool grows and shrinks with load
    private const long RssNoiseKiB = 16 * 1024; // the GC's heap size after a burst of offloads, native arenas

    private readonly Radosgw _s3 = Radosgw.Instance;
    private readonly Stopwatch _clock = new();
    private readonly Lock _reportFile = new();

    [Fact]
    public async Task Cards_pulled_storage_cut_and_the_daemon_killed_at_random_lose_nothing_and_leak_nothing()
    {
        var plan = SoakPlan.FromEnvironment();
        if (ReportPath is { } reportPath)
            File.WriteAllText(reportPath, "");
        Report($"soak: seed {plan.Seed}, {plan.Cards} cards, {plan.Duration.TotalMinutes:0.#} min; replay: {plan.Replay}");
        var random = new Random(plan.Seed);
        using var state = new TempDirectory("ailas-soak");
        var mountRoot = Path.Combine(state.Path, "media");
        var imagePrefix = $"ailas-soakcard-{Guid.NewGuid():N}"[..23];
        var imagesRoot = Path.Combine(Path.GetTempPath(), imagePrefix);
        await using var storage = new StorageSwitch(new Uri(_s3.HttpsEndpoint));
        var settings = DaemonProcess.ForThisMachine(new KioskSettings(_s3, state.Path, "C3471325209999", KioskSettings.NewLabel("SOAK")))
            .With("Storage:Endpoint", storage.Endpoint);
        var cards = Enumerable.Range(0, plan.Cards).Select(i => new SoakCard(i, random.Next(), KioskSettings.NewLabel($"SOAK{i}"), imagePrefix)).ToList();
        try
        {
            foreach (var card in cards)
                settings.With($"Cameras:{card.Serial}", card.Label);
            await using var daemon = new SoakDaemon(settings, mountRoot);
            var samples = new List<ResourceSample>();
            _clock.Start();
            await daemon.StartAsync();

            // Faults on their own clocks, each from its own stream of the seed.
            using var stopFaults = new CancellationTokenSource();
            var cutting = CutStorageAtRandomAsync(storage, new Random(random.Next()), stopFaults.Token);
            var killing = KillAtRandomAsync(daemon, new Random(random.Next()), plan.Duration * SoakPlan.KillsUntil, stopFaults.Token);

            var rounds = 0;
            while (_clock.Elapsed < plan.Duration)
            {
                // One or two cards at once, each either left in until it settles or pulled at a random moment.
                var batch = cards.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
                var plays = batch.Select(c => (Card: c, PullAfter: random.NextDouble() < 0.35 ? TimeSpan.FromMilliseconds(random.Next(0, 6000)) : (TimeSpan?)null)).ToList();
                await Task.WhenAll(plays.Select(p => PlayAsync(daemon, p.Card, p.PullAfter)));
                await WaitIdleAsync(daemon);
                // A kill may come between the idle moment and the look: then this round has no sample.
                if (await daemon.LookAsync(pid => ResourceSample.Take(_clock.Elapsed, daemon.Life, pid, mountRoot, imagesRoot)) is { } sample)
                    samples.Add(sample);
                if (rounds++ == 0)
                    Report($"descriptors at the first idle moment: {await daemon.LookAsync(ResourceSample.DescriptorKinds)}");
            }

            await stopFaults.CancelAsync();
            await Task.WhenAll(cutting, killing);
            await storage.RestoreAsync();
            Report($"{_clock.Elapsed:mm\\:ss} faults stopped: {rounds} rounds; now each card is finished with the storage up");

            // The last cards of the day, with nothing going wrong: each finishes.
            foreach (var card in cards)
            {
                for (var attempt = 1; !card.IsFinished(card.Current.Files()); attempt++)
                {
                    Assert.True(attempt <= 3, $"{card.Name} still holds photos after {attempt - 1} clean insertions");
                    await PlayAsync(daemon, card, pullAfter: null, refill: false);
                }
            }
            await WaitIdleAsync(daemon);
            samples.Add(ResourceSample.Take(_clock.Elapsed, daemon.Life, daemon.Current.Id, mountRoot, imagesRoot));
            Report($"descriptors at the end: {ResourceSample.DescriptorKinds(daemon.Current.Id)}");
            var threadCeiling = Median(samples.Take(Math.Max(1, samples.Count / 10)).ToList()).Threads + ThreadNoise;
            var threads = await ThreadsSettleAsync(daemon.Current.Id, threadCeiling);

            await VerifyBucketAsync(cards);
            var journal = new FileInfo(Path.Combine(state.Path, "journal.db"));
            Assert.Equal(0, await daemon.StopAsync());
            await AssertNothingLeftOnTheMachineAsync(mountRoot, imagesRoot);
            AssertNoInternalErrors(state.Path, daemon.AllLogs);

            Report($"{_clock.Elapsed:mm\\:ss} done: {cards.Sum(c => c.Insertions)} insertions of {cards.Count} cards, "
                   + $"{cards.Sum(c => c.GenerationsFinished)} cards' contents offloaded, {cards.Sum(c => c.FilesOffloaded)} files in the bucket "
                   + $"({cards.Sum(c => c.PhotosCreated)} created); faults: {cards.Sum(c => c.Pulls)} pulls, {storage.Cuts} storage cuts, {daemon.Kills} kills; "
                   + $"{cards.Sum(c => c.HalfDeletedMended)} photos half deleted by fusefat mended; "
                   + $"journal {(journal.Exists ? journal.Length / 1024 : 0)} KiB");
            AssertFlat(samples, daemon.Life);
            Assert.True(threads.Count <= threadCeiling,
                $"threads did not come back down once idle: {threads.Count} after {threads.Waited.TotalSeconds:0} s, against {threadCeiling} (the first tenth of the run and noise)");
        }
        catch (Exception)
        {
            KeepEvidence(state.Path, cards, plan);
            throw;
        }
        finally
        {
            foreach (var card in cards)
                card.Dispose();
        }
    }

    /// <summary>
    /// A failed soak keeps what explains it: the journal, logs and manifests, and the card images. Best effort: it
    /// must never hide the failure itself (a dead FUSE mount under media/ cannot even be listed).
    /// </summary>
    private void KeepEvidence(string stateDirectory, List<SoakCard> cards, SoakPlan plan)
    {
        var evidence = Path.Combine(Path.GetTempPath(), $"ailas-soak-evidence-{plan.Seed}-{DateTime.UtcNow:HHmmss}");
        try
        {
            Directory.CreateDirectory(Path.Combine(evidence, "state"));
            foreach (var entry in Directory.EnumerateFileSystemEntries(stateDirectory).Where(e => Path.GetFileName(e) != "media"))
                Tool.Run("cp", ["-a", entry, Path.Combine(evidence, "state")], null, throwOnFailure: false);
            foreach (var card in cards)
                Tool.Run("cp", ["--sparse=always", card.Current.ImagePath, Path.Combine(evidence, $"card{card.Index}-generation{card.Generation}.img")],
                    null, throwOnFailure: false);
            Report($"evidence kept in {evidence}; mounts under media/ then: "
                   + string.Join("; ", File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(stateDirectory, StringComparison.Ordinal))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ToolException)
        {
            Report($"evidence only partly kept in {evidence}: {e.Message}");
        }
    }

    /// <summary>The warnings and errors the daemon logged for one session, rendered, for the report.</summary>
    private static IEnumerable<string> WarningsOf(string stateDirectory, string? session) =>
        Directory.GetFiles(Path.Combine(stateDirectory, "logs"), "*.clef").SelectMany(File.ReadAllLines)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("Session", out var s) && s.GetString() == session
                        && e.TryGetProperty("@l", out var level) && level.GetString() is "Warning" or "Error")
            .Select(e => System.Text.RegularExpressions.Regex.Replace(e.GetProperty("@mt").GetString()!, @"\{(\w+)(:[^}]*)?\}",
                m => e.TryGetProperty(m.Groups[1].Value, out var v) ? v.ToString() : m.Value));

    /// <summary>Insert; then either wait until the kiosk settles and take the card out, or pull it after <paramref name="pullAfter"/>.</summary>
    private async Task PlayAsync(SoakDaemon daemon, SoakCard card, TimeSpan? pullAfter, bool refill = true)
    {
        // A reader's slot may still show the card before this one (its loop device reused, the removal not yet seen):
        // only a session that begins after this insertion speaks for this card.
        var earlier = await daemon.SessionsShownAsync();
        card.Current.Insert();
        card.Insertions++;
        var device = card.Current.DevicePath;
        SlotStatus? settledAs = null;
        if (pullAfter is { } delay)
        {
            await Task.Delay(delay); // the random moment of the pull is the point here, not a condition to wait for
            Pull(card);
            await MendHalfDeletedPhotosAsync(card);
        }
        else
        {
            bool IsThisCard(SlotStatus x) => x.Card?.Device == device && x.Session is { } id && !earlier.Contains(id);
            var settled = await daemon.WaitForAsync(s => s.Slots.Any(x => IsThisCard(x) && IsSettled(x)), $"{card.Name} settled", SettleTimeout);
            var slot = settledAs = settled.Slots.Single(IsThisCard);
            Assert.False(slot.Phase == SlotPhase.Done && card.Left.Count > 0, $"{card.Name} shown done while it holds {string.Join(", ", card.Left)}");
            Assert.True(slot.Phase == SlotPhase.Done || slot.Problem!.Kind is ProblemKind.PhotosLeftOnCard or ProblemKind.PartialFailure,
                $"{card.Name}: unexpected {slot.Problem?.Kind}: {slot.Problem?.Message}");
            TakeOut(card);
            card.LastRemovalWasPull = false;
        }
        await AssertNothingLostAsync(card);
        var onCard = card.Current.Files();
        if (!card.IsFinished(onCard))
        {
            if (settledAs is { } s)
            {
                Report($"{_clock.Elapsed:mm\\:ss} {card.Name} taken out {s.Phase} {s.Problem?.Kind} {s.Problem?.Message} {s.Result}; "
                       + $"{card.Expected.Keys.Count(onCard.Contains)} files still on it");
                foreach (var warning in WarningsOf(daemon.StateDirectory, s.Session))
                    Report($"      {warning}");
            }
            return;
        }

        // Everything the kiosk must take is off this card: the file system must be sound, whatever happened to it.
        if (card.LastRemovalWasPull)
            card.Current.AssertCleanButDirty();
        else
            card.Current.AssertClean();
        card.FinishGeneration();
        await PruneAsync(card);
        Report($"{_clock.Elapsed:mm\\:ss} {card.Name} offloaded ({card.Expected.Count} files) after {card.Insertions} insertions so far");
        if (refill)
            card.Refill();
    }

    /// <summary>
    /// Done, or a problem that waits for a person; not one the kiosk gets over by itself (storage, clock, a file
    /// system blkid has not seen yet: looked at again while the card stays in), nor the last card's pulled notice.
    /// </summary>
    private static bool IsSettled(SlotStatus slot) =>
        slot.Phase == SlotPhase.Done
        || slot.Phase == SlotPhase.Problem && slot.Problem!.Kind is not (ProblemKind.StorageUnreachable or ProblemKind.WaitingForClock
            or ProblemKind.CardPulledTooEarly or ProblemKind.NotACameraCard);

    /// <summary>
    /// fusefat frees a file's clusters before it drops the file's directory entry, so a FAT32 card pulled between the
    /// two keeps an entry whose clusters are free: the kiosk then reads a short file and rightly refuses it as changed,
    /// on every insertion. (The kernel's vfat, the appliance's, drops the entry first: a pull leaves lost clusters, not a
    /// damaged photo.) A maintainer, having checked that the photo is in the bucket, repairs such a card (fsck -a) and
    /// deletes the remnant; so does the soak, counting it, and only for a photo proven in the bucket byte for byte.
    /// </summary>
    private async Task MendHalfDeletedPhotosAsync(SoakCard card)
    {
        if (card.Current.Image is not FatCardImage fat)
            return;
        var (exitCode, output) = fat.Fsck();
        if (exitCode == 0) return;
        var lines = output.Split('\n');
        var halfDeleted = lines.Skip(1).Select((line, i) => (line.Trim(), lines[i].Trim()))
            .Where(pair => pair.Item1.StartsWith("Contains a free cluster", StringComparison.Ordinal)).Select(pair => pair.Item2.TrimStart('/')).ToList();
        if (halfDeleted.Count == 0) return;
        var stored = await StoredAsync(card);
        foreach (var path in halfDeleted)
        {
            Assert.True(card.Expected.TryGetValue(path, out var sha), $"{card.Name}: fsck finds {path} half deleted, and it is not a photo of the card:\n{output}");
            var below = SoakCard.BelowDcim(path);
            Assert.True(stored.TryGetValue(below, out var keys) && keys.Count == 1 && Sha256(await _s3.GetAsync(keys[0])) == sha,
                $"{card.Name}: {path} was half deleted by a pull, but it is not in the bucket with its bytes");
        }
        fat.Repair();
        // In automatic mode fsck salvages the freed chain into FSCKnnnn.REC files at the root; the maintainer deletes those too.
        foreach (var path in halfDeleted.Concat(fat.ListFiles().Where(f => f.StartsWith("FSCK", StringComparison.Ordinal) && f.EndsWith(".REC", StringComparison.Ordinal))))
            fat.Delete(path);
        card.HalfDeletedMended += halfDeleted.Count;
        Report($"{_clock.Elapsed:mm\\:ss} {card.Name}: pulled while fusefat deleted {string.Join(", ", halfDeleted)} (proven in the bucket): mended as a maintainer would");
    }

    /// <summary>Yanked: the FUSE daemon dies with the medium, then the device goes.</summary>
    private static void Pull(SoakCard card)
    {
        KillFuseServing(card);
        TakeOut(card);
        card.Pulls++;
        card.LastRemovalWasPull = true;
    }

    /// <summary>Detaches the loop device and waits until nothing holds the image (a FUSE daemon started at that very moment is stopped too).</summary>
    private static void TakeOut(SoakCard card)
    {
        card.Current.Remove();
        var deadline = Stopwatch.StartNew();
        while (LoopsBacking(card.Current.ImagePath) > 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"{card.Name}: a loop device still holds {card.Current.ImagePath}");
            KillFuseServing(card);
            Thread.Sleep(100);
        }
    }

    private static void KillFuseServing(SoakCard card)
    {
        var image = card.Current.ImagePath;
        var devices = ResourceSample.AttachedLoops().Where(l => l.BackingFile == image).Select(l => l.Device).ToList();
        foreach (var pid in FuseProcesses.Find(a => a == image || devices.Contains(a)))
            _ = Signals.Send(pid, 9); // it may have exited meanwhile
    }

    private static int LoopsBacking(string image) => ResourceSample.AttachedLoops().Count(l => l.BackingFile == image);

    /// <summary>Invariant 1, at every removal: a file gone from the card is in the bucket, once, with its bytes; nothing else changed.</summary>
    private async Task AssertNothingLostAsync(SoakCard card)
    {
        var onCard = card.Current.Files();
        var gone = card.Expected.Where(e => !onCard.Contains(e.Key) && !card.Proven.Contains(e.Key)).ToList();
        if (gone.Count > 0)
        {
            var stored = await StoredAsync(card);
            foreach (var (path, sha) in gone)
            {
                var below = SoakCard.BelowDcim(path);
                Assert.True(stored.TryGetValue(below, out var keys) && keys.Count == 1,
                    $"{card.Name}: {path} is gone from the card but the bucket holds it {(keys?.Count ?? 0)} times");
                Assert.True(Sha256(await _s3.GetAsync(keys![0])) == sha, $"{card.Name}: {path} is gone from the card but {keys[0]} differs");
                card.Proven.Add(path);
            }
        }
        Assert.All(card.Left.Concat(card.Housekeeping), kept => Assert.Contains(kept, onCard));
        Assert.DoesNotContain(onCard, f => !card.Expected.ContainsKey(f) && !card.Left.Contains(f) && !card.Housekeeping.Contains(f));
    }

    /// <summary>The camera's objects by their path below DCIM/ (the key is label/date/path), manifests aside.</summary>
    private async Task<Dictionary<string, List<string>>> StoredAsync(SoakCard card) =>
        (await _s3.ListAsync(card.Label + "/"))
        .Where(k => !k.Contains("/_manifests/", StringComparison.Ordinal))
        .GroupBy(k => k.Split('/', 3)[2], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    /// <summary>
    /// A long soak would fill the test server's memory: generations older than the last two are checked once more
    /// (each file stored exactly once) and deleted. One that came back later would show as foreign at the end.
    /// </summary>
    private async Task PruneAsync(SoakCard card)
    {
        var prunable = card.TakePrunable(keep: 2);
        if (prunable.Count == 0) return;
        var stored = await StoredAsync(card);
        foreach (var below in prunable)
        {
            Assert.True(stored.TryGetValue(below, out var keys) && keys.Count == 1, $"{card.Name}: {below} is stored {(keys?.Count ?? 0)} times");
            await _s3.DeleteAsync(keys![0]);
        }
    }

    private static string Sha256(byte[]? bytes) => bytes is null ? "missing" : Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>At the end: every file of every generation exactly once, byte for byte; nothing quarantined; every card sound.</summary>
    private async Task VerifyBucketAsync(List<SoakCard> cards)
    {
        foreach (var card in cards)
        {
            var stored = await StoredAsync(card);
            var missing = card.Offloaded.Keys.Except(stored.Keys).ToList();
            var extra = stored.Keys.Except(card.Offloaded.Keys).Select(k => string.Join(", ", stored[k])).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0,
                $"{card.Name}: the bucket misses {string.Join(", ", missing)}; holds besides the cards' files {string.Join(", ", extra)}");
            foreach (var (below, keys) in stored)
            {
                Assert.True(keys.Count == 1, $"{card.Name}: {below} is stored {keys.Count} times: {string.Join(", ", keys)}");
                Assert.True(Sha256(await _s3.GetAsync(keys[0])) == card.Offloaded[below], $"{card.Name}: {keys[0]} differs from the photo");
            }
            Assert.Empty(await _s3.ListAsync($"_unassigned/{card.Serial}/"));
            card.Current.AssertClean();
        }
    }

    private static async Task WaitIdleAsync(SoakDaemon daemon) =>
        await daemon.WaitForAsync(s => s.Slots.All(x => x.Phase == SlotPhase.Problem && x.Problem!.Kind == ProblemKind.CardPulledTooEarly),
            "every reader empty", SettleTimeout);

    private async Task CutStorageAtRandomAsync(StorageSwitch storage, Random random, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(random.Next(8, 30)), stop);
                await storage.CutAsync();
                var outage = TimeSpan.FromSeconds(random.Next(2, 9));
                Report($"{_clock.Elapsed:mm\\:ss} storage cut for {outage.TotalSeconds:0} s");
                try { await Task.Delay(outage, stop); }
                finally { await storage.RestoreAsync(); }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task KillAtRandomAsync(SoakDaemon daemon, Random random, TimeSpan until, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(random.Next(15, 45)), stop);
                if (_clock.Elapsed >= until) return;
                var downtime = TimeSpan.FromMilliseconds(random.Next(500, 3000));
                Report($"{_clock.Elapsed:mm\\:ss} daemon SIGKILLed (life {daemon.Life}), restarted after {downtime.TotalSeconds:0.0} s");
                await daemon.KillAndRestartAsync(downtime);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>After the daemon's stop: no mount, FUSE daemon or loop device of the soak's left (a FUSE daemon exiting is waited for).</summary>
    private static async Task AssertNothingLeftOnTheMachineAsync(string mountRoot, string imagesRoot)
    {
        var deadline = Stopwatch.StartNew();
        while (ResourceSample.MountsUnder(mountRoot) + ResourceSample.FuseProcessesUnder(mountRoot).Count + ResourceSample.LoopDevicesOn(imagesRoot) > 0
               && deadline.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(100);
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(mountRoot + "/", StringComparison.Ordinal)).ToList();
        Assert.True(mounts.Count == 0, $"left mounted after the daemon stopped:\n{string.Join('\n', mounts)}");
        Assert.Empty(ResourceSample.FuseProcessesUnder(mountRoot));
        Assert.Equal(0, ResourceSample.LoopDevicesOn(imagesRoot));
    }

    /// <summary>A bug caught by the slot's last resort ("unexpected failure") or an unhandled exception is a failure of the soak.</summary>
    private static void AssertNoInternalErrors(string stateDirectory, string stdout)
    {
        var events = Directory.GetFiles(Path.Combine(stateDirectory, "logs"), "*.clef").SelectMany(File.ReadAllLines)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var internalErrors = events.Where(e => e.TryGetProperty("@mt", out var mt) && mt.GetString()!.Contains("unexpected failure", StringComparison.Ordinal))
            .Select(e => e.ToString()).ToList();
        Assert.True(internalErrors.Count == 0, string.Join('\n', internalErrors));
        Assert.DoesNotContain("Unhandled exception", stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// No growth between the first and the last tenth of the run beyond noise: descriptors (assemblies aside), also
    /// against the start of the last daemon's life; nothing mounted, no FUSE daemon, no loop device at
    /// any idle moment. RSS first climbs to the card buffers' high-water mark (one 16 MiB buffer per file in flight:
    /// readers × Offload:Concurrency, reached once two cards have run at once) and must then stay there: over the last
    /// daemon's life, its last third is no higher than its middle third, give or take noise. A leak of a fraction of
    /// a MiB per card shows over a long soak.
    /// </summary>
    private void AssertFlat(List<ResourceSample> samples, int lastLife)
    {
        var tenth = Math.Max(1, samples.Count / 10);
        var first = samples.Take(tenth).ToList();
        var last = samples.TakeLast(tenth).ToList();
        var life = samples.Where(s => s.Life == lastLife).ToList();
        var lifeFirst = life.Take(Math.Max(1, life.Count / 10)).ToList();
        var third = Math.Max(1, life.Count / 3);
        var lifeMiddle = life.Skip(third).Take(third).ToList();
        var lifeLast = life.Skip(2 * third).ToList();
        foreach (var sample in samples)
            Report($"  idle: {sample}");
        Report($"resources at idle, {samples.Count} samples; first tenth of the run: {Median(first)}");
        Report($"                                       last tenth of the run:  {Median(last)}; the least: "
               + $"{last.Min(s => s.Descriptors)} fds, {last.Min(s => s.Threads)} threads");
        Report($"the last daemon's life ({life.Count} samples): its first tenth {Median(lifeFirst)}");
        Report($"                               highest RSS of its middle third {lifeMiddle.Max(s => s.RssKiB) / 1024.0:0.0} MiB, "
               + $"median of its last third {Median(lifeLast).RssKiB / 1024.0:0.0} MiB");

        foreach (var (from, what) in new[] { (first, "the first tenth of the run"), (lifeFirst, "the start of the last daemon's life") })
        {
            // The least of the last tenth: the HTTP connection pool swells for a moment and shrinks again; what
            // leaks stays, and raises even the least. (Threads are judged once the daemon has idled: see
            // ThreadsSettleAsync.)
            var a = Median(from);
            var descriptors = last.Min(s => s.Descriptors);
            Assert.True(descriptors <= a.Descriptors + DescriptorNoise, $"descriptors grew since {what}: {a.Descriptors} → at least {descriptors}");
        }
        var plateau = lifeMiddle.Max(s => s.RssKiB);
        var end = Median(lifeLast).RssKiB;
        Assert.True(end <= plateau + RssNoiseKiB, $"RSS still grows over the last daemon's life: {plateau} KiB at most in its middle third, {end} KiB in its last");
        Assert.All(samples, s => Assert.True(s is { Mounts: 0, FuseProcesses: 0, LoopDevices: 0 }, $"left behind at an idle moment: {s}"));
    }

    /// <summary>
    /// The thread pool grows while FUSE reads block its workers and lets idle workers go after about 20 s; the idle
    /// moments between cards are shorter than that, and a daemon's first samples come before its pool ever grew. So
    /// threads are judged at the end, the daemon idle: they must come back down to the first tenth's count, give or
    /// take noise, within a minute. A thread that leaks never does.
    /// </summary>
    private async Task<(int Count, TimeSpan Waited)> ThreadsSettleAsync(int processId, int ceiling)
    {
        var waited = Stopwatch.StartNew();
        int threads;
        while ((threads = ResourceSample.ThreadsOf(processId)) > ceiling && waited.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(TimeSpan.FromSeconds(1));
        Report($"threads once idle: {threads} after {waited.Elapsed.TotalSeconds:0} s (ceiling {ceiling})");
        return (threads, waited.Elapsed);
    }

    private static ResourceSample Median(List<ResourceSample> samples)
    {
        T M<T>(Func<ResourceSample, T> f) => samples.Select(f).Order().ElementAt(samples.Count / 2);
        return new ResourceSample(M(s => s.At), M(s => s.Life), samples[^1].ProcessId, M(s => s.Descriptors), M(s => s.Threads), M(s => s.RssKiB),
            M(s => s.Mounts), M(s => s.FuseProcesses), M(s => s.LoopDevices));
    }

    /// <summary>
    /// A line for the test's output and for the report file that tools/soak.sh and tools/test.sh print
    /// (AILAS_SOAK_REPORT), written at once: a soak killed by their time limit still shows how far it got.
    /// </summary>
    private void Report(string line)
    {
        lock (_reportFile)
        {
            if (ReportPath is { } path)
                File.AppendAllText(path, line + "\n");
        }
        output.WriteLine(line);
    }

    private static string? ReportPath => Environment.GetEnvironmentVariable("AILAS_SOAK_REPORT") is { Length: > 0 } path ? path : null;
}
