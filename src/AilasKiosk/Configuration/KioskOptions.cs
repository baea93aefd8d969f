namespace AilasKiosk.Configuration;

/// <summary>The whole configuration, bound from appsettings.json, /etc/ailas-kiosk/kiosk.json, --config and AILAS_* variables.</summary>
internal sealed class KioskOptions
{
    /// <summary>Names this kiosk in manifests, logs and its status object in the bucket; defaults to the host name. One safe key segment.</summary>
    public string KioskId { get; set; } = Environment.MachineName;

    public StorageOptions Storage { get; set; } = new();

    /// <summary>Camera registry: serial number → label (the bucket folder), e.g. C3471325208909 → AILAS-07.</summary>
    public Dictionary<string, string> Cameras { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public OffloadOptions Offload { get; set; } = new();

    public StateOptions State { get; set; } = new();

    public RegistryOptions Registry { get; set; } = new();

    public CheckOptions Checks { get; set; } = new();

    public IdentifyOptions Identify { get; set; } = new();

    public CardsOptions Cards { get; set; } = new();

    public HealthOptions Health { get; set; } = new();

    public HardwareOptions Hardware { get; set; } = new();

    public NotifyOptions Notify { get; set; } = new();

    public FleetOptions Fleet { get; set; } = new();
}

internal sealed class IdentifyOptions
{
    /// <summary>
    /// A regular expression; a card's FAT/exFAT volume label that matches it, and is a registered label, identifies
    /// the camera when neither version.txt nor the images do (e.g. ^AILAS-[0-9]+$). Empty: labels are ignored.
    /// </summary>
    public string VolumeLabelPattern { get; set; } = "";

    public System.Text.RegularExpressions.Regex? VolumeLabelRegex => VolumeLabelPattern.Length == 0
        ? null
        : new System.Text.RegularExpressions.Regex(VolumeLabelPattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

internal sealed class CheckOptions
{
    /// <summary>Camera clock against GPS time (time zone removed): above this, the session warns.</summary>
    public int ClockSkewThresholdSeconds { get; set; } = 120;
}

internal sealed class RegistryOptions
{
    /// <summary>JSON file holding {"Cameras": {serial: label}}, read with the configuration and written by `cameras add`.</summary>
    public string File { get; set; } = KioskConfiguration.DefaultRegistryFile;

    /// <summary>
    /// The shared registry in the bucket, same shape, published by maintainers (`cameras add --shared`) and read by every
    /// kiosk; empty: none. A key in a folder beginning with '_', which no label can take.
    /// </summary>
    public string SharedKey { get; set; } = "_kiosk/cameras.json";

    /// <summary>How often the daemon reads the shared registry again.</summary>
    public double SharedRefreshSeconds { get; set; } = 300;

    public bool HasShared => SharedKey.Length > 0;

    public static void Validate(RegistryOptions r)
    {
        if (r.HasShared && (!r.SharedKey.StartsWith('_') || r.SharedKey.EndsWith('/') || r.SharedKey.Contains("..", StringComparison.Ordinal)
                            || r.SharedKey.Contains("//", StringComparison.Ordinal) || !r.SharedKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/')))
            throw new ConfigurationException("Registry:SharedKey", $"must be a key in a folder beginning with '_', e.g. _kiosk/cameras.json, or empty (got '{r.SharedKey}')");
        if (r.SharedRefreshSeconds is < 1 or > 86400)
            throw new ConfigurationException("Registry:SharedRefreshSeconds", "must be between 1 and 86400");
    }
}

internal sealed class StorageOptions
{
    /// <summary>http(s)://host:port of the S3 server (MinIO in production).</summary>
    public string Endpoint { get; set; } = "";
    public string Bucket { get; set; } = "";
    public string AccessKey { get; set; } = "";
    public string? SecretKey { get; set; }
    /// <summary>Alternative to SecretKey: a file holding it (systemd credentials, root-only file).</summary>
    public string? SecretKeyFile { get; set; }
    public string Region { get; set; } = "us-east-1";
    /// <summary>PEM file of a private CA that signs the server's certificate (https only).</summary>
    public string? CaCertificateFile { get; set; }
    public int ConnectTimeoutSeconds { get; set; } = 10;
    /// <summary>
    /// Whole-request limit; a 16 MiB part at 0.2 MB/s still fits. It is also how long a request stuck on a dead
    /// connection holds the card before it is retried: the VM test saw one manifest PUT hang 296 s under 300.
    /// </summary>
    public int RequestTimeoutSeconds { get; set; } = 120;
    /// <summary>
    /// Objects up to this size go up in one PUT (one request, ETag = MD5); larger ones in 16 MiB parts. Photos are
    /// far below; S3 allows 5120. A PUT is given the request timeout plus its size at 0.2 MB/s.
    /// </summary>
    public int SinglePutMaxMegabytes { get; set; } = 512;
}

internal sealed class OffloadOptions
{
    /// <summary>File extensions (without dot, any case) taken from DCIM/*.</summary>
    public List<string> Extensions { get; set; } = [];
    /// <summary>Object key template; the first folder must be {label}. Placeholders: {label} {serial} {date} {folder} {name}.</summary>
    public string KeyTemplate { get; set; } = "{label}/{date}/{folder}/{name}";
    /// <summary>Where session manifests go; same placeholders plus {session}.</summary>
    public string ManifestKeyTemplate { get; set; } = "{label}/_manifests/{session}.json";
    /// <summary>Where images of unregistered cameras are secured (never wiped from the card). Placeholders: {serial} {date} {folder} {name}.</summary>
    public string QuarantineKeyTemplate { get; set; } = "_unassigned/{serial}/{date}/{folder}/{name}";
    public string QuarantineManifestKeyTemplate { get; set; } = "_unassigned/{serial}/_manifests/{session}.json";
    /// <summary>Files in flight at once. Each holds up to one file in memory plus the SDK's part buffers.</summary>
    public int Concurrency { get; set; } = 3;
    /// <summary>Files above this are hashed in a first pass and streamed, instead of held in memory.</summary>
    public int MaxBufferedFileMegabytes { get; set; } = 64;
    /// <summary>Whole-upload attempts per file for transient storage errors.</summary>
    public int UploadAttempts { get; set; } = 4;
    public double RetryDelaySeconds { get; set; } = 2;
    /// <summary>Re-read every file from the card, page cache dropped, before it may be wiped.</summary>
    public bool VerifySource { get; set; } = true;
    /// <summary>Delete verified files from the card. Off = copy only.</summary>
    public bool Wipe { get; set; } = true;
    /// <summary>Multipart uploads under a camera's label left unfinished for this long (a crash) are aborted at the next session.</summary>
    public int AbandonedUploadMinutes { get; set; } = 60;
    /// <summary>A card with more candidate files than this is refused as implausible (hostile or broken file system).</summary>
    public int MaxFiles { get; set; } = 100_000;

    public static readonly string[] DefaultExtensions = ["JPG", "GPR"];

    public IReadOnlyList<string> EffectiveExtensions => Extensions.Count > 0 ? Extensions : DefaultExtensions;
}

internal sealed class StateOptions
{
    /// <summary>Journal, logs and temporary manifests.</summary>
    public string Directory { get; set; } = "/var/lib/ailas-kiosk";
}
