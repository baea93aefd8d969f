using AilasKiosk.Configuration;
using Microsoft.Extensions.Configuration;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// A kiosk configuration for one test, as configuration keys: bound in-process exactly like the real sources,
/// or handed to a kiosk process as AILAS_* variables. Each test gets its own camera label, state directory
/// and therefore its own prefix in the shared bucket.
/// </summary>
internal sealed class KioskSettings
{
    public KioskSettings(Radosgw s3, string stateDirectory, string serial, string label)
    {
        Label = label;
        Serial = serial;
        Values = new Dictionary<string, string?>
        {
            ["Storage:Endpoint"] = s3.HttpsEndpoint,
            ["Storage:CaCertificateFile"] = s3.CaFile,
            ["Storage:Bucket"] = s3.Bucket,
            ["Storage:AccessKey"] = s3.AccessKey,
            ["Storage:SecretKey"] = s3.SecretKey,
            ["Storage:Region"] = s3.Region,
            ["Storage:ConnectTimeoutSeconds"] = "2",
            ["Storage:RequestTimeoutSeconds"] = "30",
            ["State:Directory"] = stateDirectory,
            ["Offload:RetryDelaySeconds"] = "0.2",
            ["Offload:UploadAttempts"] = "3",
            [$"Cameras:{serial}"] = label,
            ["KioskId"] = "test-kiosk",
        };
    }

    public string Label { get; }
    public string Serial { get; }
    public Dictionary<string, string?> Values { get; }

    public string StateDirectory => Values["State:Directory"]!;

    /// <summary>The same server over plain HTTP, for the tests that keep that path covered.</summary>
    public KioskSettings OverPlainHttp(Radosgw s3) =>
        With("Storage:Endpoint", s3.HttpEndpoint).With("Storage:CaCertificateFile", null);

    public KioskSettings With(string key, string? value)
    {
        Values[key] = value;
        return this;
    }

    /// <summary>A unique label per test: its objects live under their own prefix.</summary>
    public static string NewLabel(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 9)].ToUpperInvariant();

    public KioskOptions Bind() =>
        KioskConfiguration.Load(new ConfigurationBuilder().AddInMemoryCollection(Values).Build());

    public IEnumerable<KeyValuePair<string, string>> AsEnvironment() =>
        Values.Where(kv => kv.Value is not null).Select(kv => KeyValuePair.Create("AILAS_" + kv.Key.Replace(":", "__"), kv.Value!));
}
