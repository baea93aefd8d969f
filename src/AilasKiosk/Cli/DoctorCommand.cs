using System.Text.Json;
using AilasKiosk.Configuration;
using AilasKiosk.Journal;
using AilasKiosk.Storage;
using Microsoft.Data.Sqlite;

namespace AilasKiosk.Cli;

/// <summary>
/// `ailas-kiosk doctor [--json]`: is this kiosk healthy? Each check is OK, a warning or a failure with the
/// sentence that fixes it: configuration, storage reachability and permissions, clock, journal, free space,
/// GPIO and I2C devices. Exit 0 when nothing failed (warnings allowed).
/// </summary>
public static class DoctorCommand
{
    public enum Verdict { Ok, Warning, Failed }

    public sealed record Check(string Name, Verdict Verdict, string Detail);

    /// <summary>S3 signatures fail past 15 minutes of skew; warn well before.</summary>
    private static readonly TimeSpan ClockWarning = TimeSpan.FromMinutes(2);
    private const long MinimumFreeBytes = 200L * 1024 * 1024;

    public static async Task<int> RunAsync(string? configFile, bool json, CancellationToken cancellationToken)
    {
        var checks = new List<Check>();
        KioskOptions? options = null;
        try
        {
            options = KioskConfiguration.Load(KioskConfiguration.BuildRoot(configFile));
            checks.Add(new("configuration", Verdict.Ok, $"{options.Cameras.Count} cameras registered, storage {options.Storage.Endpoint}/{options.Storage.Bucket}"));
        }
        catch (ConfigurationException e)
        {
            checks.Add(new("configuration", Verdict.Failed, $"{e.Key}: {e.Problem}. Fix it in /etc/ailas-kiosk/kiosk.json (or --config / AILAS_* variables)."));
        }

        if (options is not null)
        {
            checks.Add(await StorageAsync(options, cancellationToken));
            checks.Add(await ClockAsync(options, cancellationToken));
            checks.Add(Journal(options));
            checks.Add(FreeSpace(options));
            if (options.Cameras.Count == 0)
                checks.Add(new("cameras", Verdict.Warning, "no camera is registered: every card goes to quarantine. Run: ailas-kiosk cameras add SERIAL LABEL"));
        }
        checks.Add(Devices("GPIO", "/dev", "gpiochip*", "the status LEDs need a GPIO chip (not a Raspberry Pi? then Hardware:Simulated=true)"));
        checks.Add(Devices("I2C", "/dev", "i2c-*", "the display needs I2C: enable it (raspi-config, or dtparam=i2c_arm=on in config.txt)"));

        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(checks.Select(c => new { c.Name, Verdict = c.Verdict.ToString(), c.Detail })));
        else
            foreach (var c in checks)
                Console.Out.WriteLine($"{c.Verdict switch { Verdict.Ok => "OK  ", Verdict.Warning => "WARN", _ => "FAIL" }}  {c.Name,-14} {c.Detail}");
        return checks.Any(c => c.Verdict == Verdict.Failed) ? ExitCodes.NeedsAttention : ExitCodes.Ok;
    }

    private static async Task<Check> StorageAsync(KioskOptions options, CancellationToken cancellationToken)
    {
        using var store = new MinioObjectStore(options.Storage);
        try
        {
            await store.CheckAccessAsync(cancellationToken);
            return new("storage", Verdict.Ok, $"bucket {options.Storage.Bucket} reachable at {options.Storage.Endpoint} with these credentials");
        }
        catch (StorageException e)
        {
            var fix = e.Failure switch
            {
                StorageFailure.Unreachable => "check the network cable, the endpoint's host and port, and that MinIO runs",
                StorageFailure.BucketMissing => "create the bucket, or correct Storage:Bucket",
                StorageFailure.AccessDenied => "check Storage:AccessKey and the secret, and the user's policy (see image-build/ policy JSON)",
                _ => "see the log",
            };
            return new("storage", Verdict.Failed, $"{e.Message}. Fix: {fix}.");
        }
    }

    /// <summary>The server's Date header against this clock: a Pi without RTC may not have synced yet.</summary>
    private static async Task<Check> ClockAsync(KioskOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(options.Storage.ConnectTimeoutSeconds + 5) };
            using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, options.Storage.Endpoint), cancellationToken);
            if (response.Headers.Date is not { } server)
                return new("clock", Verdict.Warning, "the storage sent no Date header to compare the clock with");
            var skew = TimeProvider.System.GetUtcNow() - server;
            return skew.Duration() <= ClockWarning
                ? new("clock", Verdict.Ok, $"within {skew.Duration().TotalSeconds:0} s of the storage server")
                : new("clock", skew.Duration() > TimeSpan.FromMinutes(15) ? Verdict.Failed : Verdict.Warning,
                    $"{skew.TotalMinutes:0.0} min off the storage server; uploads fail beyond 15 min. Fix: check time sync (timedatectl, NTP reachable).");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new("clock", Verdict.Warning, "could not ask the storage server for its time (see the storage check)");
        }
    }

    private static Check Journal(KioskOptions options)
    {
        try
        {
            using var journal = OffloadJournal.Open(options.State.Directory, TimeProvider.System);
            var recent = journal.RecentSessions(1);
            var last = recent.Count > 0 ? recent[0] : null;
            return new("journal", Verdict.Ok, last is null ? $"{journal.Path}, no session yet" : $"{journal.Path}, last session {last.Id}: {last.OutcomeText}");
        }
        catch (JournalException e)
        {
            return new("journal", Verdict.Failed, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            return new("journal", Verdict.Failed, $"{e.Message}. Fix: State:Directory ({options.State.Directory}) must be writable by the kiosk's user.");
        }
    }

    private static Check FreeSpace(KioskOptions options)
    {
        var free = new DriveInfo(options.State.Directory).AvailableFreeSpace;
        return free >= MinimumFreeBytes
            ? new("free space", Verdict.Ok, $"{free / 1e9:0.0} GB free for the journal and logs")
            : new("free space", Verdict.Failed, $"only {free / 1e6:0} MB free in {options.State.Directory}. Fix: free space (old logs: {options.State.Directory}/logs).");
    }

    private static Check Devices(string name, string directory, string pattern, string consequence)
    {
        var found = Directory.Exists(directory) ? Directory.GetFileSystemEntries(directory, pattern) : [];
        return found.Length > 0
            ? new(name, Verdict.Ok, string.Join(", ", found.Order()))
            : new(name, Verdict.Warning, $"no {directory}/{pattern}: {consequence}");
    }
}
