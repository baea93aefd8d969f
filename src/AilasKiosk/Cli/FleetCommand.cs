using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AilasKiosk.Configuration;
using AilasKiosk.Fleet;
using AilasKiosk.Storage;

namespace AilasKiosk.Cli;

/// <summary>
/// `ailas-kiosk fleet [--json] [--silent-after 5m] [--days 7]`: every kiosk's status from the bucket — last seen,
/// health, slots, last card — and the cameras seen lately, the unknown ones marked. Exit
/// <see cref="ExitCodes.FleetNeedsAttention"/> when a kiosk is silent, reports a problem or cannot be read, so cron or a
/// monitoring system can run it.
/// </summary>
internal static partial class FleetCommand
{
    public static readonly TimeSpan DefaultSilentAfter = TimeSpan.FromMinutes(5);
    public const int DefaultDays = 7;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<int> RunAsync(string? configFile, bool json, string? silentAfter, int days, CancellationToken cancellationToken)
    {
        if (ParseDuration(silentAfter) is not { } threshold)
        {
            Console.Error.WriteLine($"ailas-kiosk: --silent-after '{silentAfter}' is not a duration like 300, 90s, 5m, 2h or 1d");
            return ExitCodes.Usage;
        }
        if (days is < 1 or > 366)
        {
            Console.Error.WriteLine("ailas-kiosk: --days must be between 1 and 366");
            return ExitCodes.Usage;
        }
        var options = KioskConfiguration.Load(KioskConfiguration.BuildRoot(configFile));
        using var store = new MinioObjectStore(options.Storage);
        return await RunAsync(store, options.Fleet.StatusPrefix, json, threshold, days, TimeProvider.System, Console.Out, Console.Error, cancellationToken);
    }

    /// <summary>The command on a given bucket and clock (the tests' entry).</summary>
    public static async Task<int> RunAsync(IBucketDocuments bucket, string prefix, bool json, TimeSpan silentAfter, int days, TimeProvider time,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        IReadOnlyList<FoundStatus> found;
        try
        {
            found = await new FleetReader(bucket, prefix).ReadAllAsync(cancellationToken);
        }
        catch (StorageException e)
        {
            await errors.WriteLineAsync($"ailas-kiosk: cannot list the kiosks' status objects under {prefix}: {e.Message}");
            return e.Failure is StorageFailure.Unreachable or StorageFailure.Transient ? ExitCodes.StorageUnreachable : ExitCodes.StorageRefused;
        }
        var report = FleetReport.Of(found, time.GetUtcNow(), silentAfter, days, bucket.Location, prefix);
        // JSON escapes every control character (\u001b…): printing it is as safe as the table.
        await output.WriteAsync(json ? JsonSerializer.Serialize(report, Json) + "\n" : FleetText.Render(report));
        return report.NeedsAttention ? ExitCodes.FleetNeedsAttention : ExitCodes.Ok;
    }

    /// <summary>"300" (seconds), "90s", "5m", "5min", "2h", "1d"; null when it is none of those or not positive.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (text is null) return DefaultSilentAfter;
        var m = DurationPattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0)
            return null;
        var seconds = n * m.Groups["unit"].Value switch { "m" or "min" => 60, "h" => 3600, "d" => 86_400, _ => 1 };
        return seconds > TimeSpan.FromDays(366).TotalSeconds ? null : TimeSpan.FromSeconds(seconds);
    }

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)(?<unit>s|m|min|h|d)?$")]
    private static partial Regex DurationPattern();
}
