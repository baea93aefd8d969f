using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using AilasKiosk.Configuration;
using AilasKiosk.Detect;
using AilasKiosk.Health;
using AilasKiosk.Identify;
using AilasKiosk.Journal;
using AilasKiosk.Status;
using AilasKiosk.Storage;
using Microsoft.Data.Sqlite;

namespace AilasKiosk.Cli;

/// <summary>
/// `ailas-kiosk doctor [--json]`: is this kiosk healthy? Each check is OK, a warning or a failure with the
/// sentence that fixes it: configuration, storage reachability and permissions, clock, journal, free space,
/// the shared camera registry, the webhook, the cards in readers, GPIO and I2C devices. Exit 0 when nothing failed (warnings allowed).
/// </summary>
internal static class DoctorCommand
{
    public enum Verdict { Ok, Warning, Failed }

    public sealed record Check(string Name, Verdict Verdict, string Detail);

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
            // The daemon's own checks, with the configured limits: doctor says what the daemon will do.
            using var store = new MinioObjectStore(options.Storage);
            using var serverClock = new ServerClock(options.Storage);
            var health = await new HealthChecks(options, store, serverClock, TimeProvider.System).CheckAsync(cancellationToken);
            checks.Add(FromHealth("storage", health.Storage));
            checks.Add(FromHealth("clock", health.Clock));
            checks.Add(Journal(options));
            checks.Add(FromHealth("free space", health.Disk));
            var shared = options.Registry.HasShared ? SharedRegistrySync.ReadCopy(options.State.Directory) : new Dictionary<string, string>();
            if (options.Registry.HasShared)
                checks.Add(await SharedRegistryAsync(options, store, shared.Count, cancellationToken));
            if (options.Cameras.Count == 0 && shared.Count == 0)
                checks.Add(new("cameras", Verdict.Warning, "no camera is registered: every card goes to quarantine. Run: ailas-kiosk cameras add SERIAL LABEL [--shared]"));
            if (options.Notify.Webhook is { } webhook)
                checks.Add(await WebhookAsync(webhook, options.Notify, cancellationToken));
            checks.Add(Readers(new BlockDeviceScanner(options.Cards).Scan(), new ReaderFilter(options.Cards)));
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

    private static Check FromHealth(string name, HealthCheck check) => check.State switch
    {
        CheckState.Ok => new(name, Verdict.Ok, check.Detail),
        _ => new(name, Verdict.Failed, check.Problem switch
        {
            ProblemKind.StorageUnreachable => $"{check.Detail}. Fix: check the network cable, the endpoint's host and port, and that MinIO runs.",
            ProblemKind.StorageRefused => $"{check.Detail}. Fix: check Storage:AccessKey and the secret, the user's policy (see image-build/ policy JSON), and that Storage:Bucket exists.",
            ProblemKind.StorageFull => $"{check.Detail}. Fix: the storage server is full: ask its administrator for room.",
            _ => check.Detail, // the clock and free-space sentences carry their fix
        }),
    };

    /// <summary>
    /// The cards in readers right now, each with its reader's name as Cards:Readers matches it: what a maintainer
    /// needs to write that setting, and to see why a card is left alone. Informative: never a failure.
    /// </summary>
    internal static Check Readers(IReadOnlyList<BlockDevice> present, ReaderFilter filter)
    {
        var cards = present.Select(d => $"{d.Name} in {Fleet.Printable.Of(d.Reader, 120)}{(filter.Takes(d) ? "" : " (left alone: not in Cards:Readers)")}").ToList();
        return new("readers", Verdict.Ok, $"taking cards from {filter}; "
                                          + (cards.Count == 0 ? "no card in a reader now" : "now: " + string.Join(", ", cards)));
    }

    /// <summary>The shared registry as the bucket holds it now, against this kiosk's last good copy.</summary>
    private static async Task<Check> SharedRegistryAsync(KioskOptions options, MinioObjectStore bucket, int inCopy, CancellationToken cancellationToken)
    {
        var key = options.Registry.SharedKey;
        var copy = $"this kiosk's copy holds {inCopy} cameras";
        SmallObject? read;
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(TimeSpan.FromSeconds(15));
            read = await bucket.GetDocumentAsync(key, SharedCameraList.MaxBytes, bounded.Token);
        }
        catch (Exception e) when (e is StorageException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new("shared cameras", Verdict.Warning, $"{key} cannot be read ({e.Message}); {copy}, in force until it can");
        }
        if (read is null)
            return new("shared cameras", Verdict.Ok, $"none in the bucket at {key} (publish one with: ailas-kiosk cameras add SERIAL LABEL --shared)");
        try
        {
            return new("shared cameras", Verdict.Ok, $"{SharedCameraList.Parse(read).Count} cameras in {key}; {copy}");
        }
        catch (InvalidDataException e)
        {
            return new("shared cameras", Verdict.Warning, $"{key} is refused by every kiosk: {e.Message}; {copy}, in force. "
                                                          + "Fix: replace the object with a valid one (see README, The shared registry)");
        }
    }

    /// <summary>
    /// Whether the webhook's server takes a connection (and, for https, a verified TLS handshake). Nothing is
    /// POSTed: a receiver would take any report for a real one. Only the scheme, host and port are shown; the
    /// URL's path and query may hold a token. A warning at worst: a webhook that is down costs reports, never cards.
    /// </summary>
    private static async Task<Check> WebhookAsync(Uri url, NotifyOptions notify, CancellationToken cancellationToken)
    {
        var shown = $"{url.Scheme}://{url.Host}:{url.Port}";
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(notify.TimeoutSeconds));
        string problem;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(url.Host, url.Port, limit.Token);
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                await using var tls = new SslStream(tcp.GetStream());
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.IdnHost }, limit.Token);
            }
            return new("webhook", Verdict.Ok, $"{shown} takes connections (nothing sent); session reports and problems go there");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            problem = $"no answer within {notify.TimeoutSeconds:0.#} s";
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException)
        {
            problem = e.Message;
        }
        return new("webhook", Verdict.Warning, $"{shown} cannot be reached ({problem}): each report is dropped after {notify.Attempts} attempt(s); "
                                               + "cards are not affected. Fix: check Notify:WebhookUrl, the network, and that the receiver runs.");
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or KioskDiskFullException)
        {
            return new("journal", Verdict.Failed, $"{e.Message}. Fix: State:Directory ({options.State.Directory}) must be writable by the kiosk's user.");
        }
    }

    private static Check Devices(string name, string directory, string pattern, string consequence)
    {
        var found = Directory.Exists(directory) ? Directory.GetFileSystemEntries(directory, pattern) : [];
        return found.Length > 0
            ? new(name, Verdict.Ok, string.Join(", ", found.Order()))
            : new(name, Verdict.Warning, $"no {directory}/{pattern}: {consequence}");
    }
}
