using System.Text.Json;
using AilasKiosk.Configuration;
using AilasKiosk.Journal;
using Microsoft.Extensions.Configuration;

namespace AilasKiosk.Cli;

/// <summary>`ailas-kiosk history [--limit N] [--json]`: what the kiosk did, card by card, from the journal.</summary>
internal static class HistoryCommand
{
    public static int Run(string? configFile, int limit, bool json)
    {
        var state = new StateOptions();
        KioskConfiguration.BuildRoot(configFile).GetSection("State").Bind(state);
        var path = Path.Combine(state.Directory, OffloadJournal.FileName);
        IReadOnlyList<SessionSummary> sessions = [];
        var kept = new Dictionary<string, IReadOnlyList<KeptFile>>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            // Printing only: the system clock is all it could need.
            using var journal = OffloadJournal.Open(state.Directory, TimeProvider.System);
            sessions = journal.RecentSessions(limit);
            // What each session left on the card and why: the maintainer's first question after a problem card.
            foreach (var s in sessions.Where(s => s.Failed > 0))
                kept[s.Id] = [.. journal.Files(s.Id).Where(f => f.State == FileState.Failed).Select(f => new KeptFile(f.Path, f.Error ?? "not offloaded"))];
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(sessions.Select(s => Entry.Of(s) with { Kept = kept.GetValueOrDefault(s.Id) ?? [] })));
            return ExitCodes.Ok;
        }
        if (sessions.Count == 0)
        {
            Console.Out.WriteLine($"No card offloaded yet (journal: {path}).");
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine($"{"started (UTC)",-20} {"session",-23} {"camera",-14} {"outcome",-18} {"files",6} {"verified",8} {"wiped",6} {"failed",6} {"MB",8}");
        foreach (var s in sessions)
        {
            Console.Out.WriteLine($"{s.StartedUtc[..19].Replace('T', ' '),-20} {s.Id,-23} {s.CameraLabel ?? s.CameraSerial ?? "?",-14} {s.OutcomeText,-18} "
                                  + $"{s.Planned,6} {s.Verified,8} {s.Wiped,6} {s.Failed,6} {s.BytesPlanned / 1e6,8:0.0}");
            if (s.Error is not null)
                Console.Out.WriteLine($"{"",20} error: {s.Error}");
            var left = kept.GetValueOrDefault(s.Id) ?? [];
            foreach (var f in left.Take(KeptShown))
                Console.Out.WriteLine($"{"",20} kept on the card: {f.Path}: {f.Reason}");
            if (left.Count > KeptShown)
                Console.Out.WriteLine($"{"",20} … and {left.Count - KeptShown} more (history --json, or the session's manifest)");
        }
        return ExitCodes.Ok;
    }

    /// <summary>Files that stayed on a card, listed per session in the table; all of them in --json.</summary>
    private const int KeptShown = 5;

    /// <summary>A file a session did not offload or wipe, with why.</summary>
    public sealed record KeptFile(string Path, string Reason);

    /// <summary>One session in `history --json`, flat, the outcome in the table's words: the shape scripts already read.</summary>
    public sealed record Entry(string Id, string CardRoot, string? CameraSerial, string? CameraLabel, string StartedUtc, string? EndedUtc,
        string Outcome, int Planned, int Uploaded, int AlreadyPresent, int Verified, int Wiped, int Failed, long BytesPlanned, string? ManifestKey,
        string? Error)
    {
        /// <summary>What stayed on the card and why (entries not taken, failed uploads, refused deletions).</summary>
        public IReadOnlyList<KeptFile> Kept { get; init; } = [];

        public static Entry Of(SessionSummary s) => new(s.Id, s.CardRoot, s.CameraSerial, s.CameraLabel, s.StartedUtc, s.EndedUtc, s.OutcomeText,
            s.Planned, s.Uploaded, s.AlreadyPresent, s.Verified, s.Wiped, s.Failed, s.BytesPlanned, s.ManifestKey, s.Error);
    }
}
