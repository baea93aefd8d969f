using AilasKiosk.Keys;

namespace AilasKiosk.Configuration;

/// <summary>Checks every value at start, so a wrong setting fails in one clear line instead of mid-offload.</summary>
internal static class KioskOptionsValidator
{
    public static void Validate(KioskOptions o)
    {
        ValidateStorage(o.Storage);
        ValidateCameras(o.Cameras);
        ValidateOffload(o.Offload);
        InRange("Checks:ClockSkewThresholdSeconds", o.Checks.ClockSkewThresholdSeconds, 1, 86_400);
        try
        {
            _ = o.Identify.VolumeLabelRegex;
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException("Identify:VolumeLabelPattern", $"not a regular expression: {e.Message}");
        }
        ValidateCards(o.Cards);
        ValidateHealth(o.Health);
        HardwareOptions.Validate(o.Hardware);
        NotifyOptions.Validate(o.Notify);
        FleetOptions.ValidateKioskId(o.KioskId);
        FleetOptions.Validate(o.Fleet);
        RegistryOptions.Validate(o.Registry);
        if (string.IsNullOrWhiteSpace(o.State.Directory) || !Path.IsPathRooted(o.State.Directory))
            throw new ConfigurationException("State:Directory", $"must be an absolute path (got '{o.State.Directory}')");
    }

    /// <summary>The camera registry's labels become key prefixes: they must be safe as one.</summary>
    public static void ValidateCameras(IReadOnlyDictionary<string, string> cameras)
    {
        foreach (var (serial, label) in cameras)
        {
            if (string.IsNullOrWhiteSpace(label))
                throw new ConfigurationException($"Cameras:{serial}", "label is empty");
            if (!ObjectKeyTemplate.IsSafeSegment(label))
                throw new ConfigurationException($"Cameras:{serial}", $"label '{label}' may hold only letters, digits, '-', '_' and '.'");
        }
    }

    private static void ValidateStorage(StorageOptions s)
    {
        if (string.IsNullOrWhiteSpace(s.Endpoint))
            throw new ConfigurationException("Storage:Endpoint", "missing (e.g. https://minio.example.org:9000)");
        if (!Uri.TryCreate(s.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")
            || uri.AbsolutePath.Trim('/') != "" || !string.IsNullOrEmpty(uri.Query))
            throw new ConfigurationException("Storage:Endpoint", $"must be an http or https URL without a path (got '{s.Endpoint}')");
        if (string.IsNullOrWhiteSpace(s.Bucket))
            throw new ConfigurationException("Storage:Bucket", "missing");
        if (!System.Text.RegularExpressions.Regex.IsMatch(s.Bucket, "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"))
            throw new ConfigurationException("Storage:Bucket", $"'{s.Bucket}' is not a valid S3 bucket name");
        if (string.IsNullOrWhiteSpace(s.AccessKey))
            throw new ConfigurationException("Storage:AccessKey", "missing");
        var hasSecret = !string.IsNullOrEmpty(s.SecretKey);
        var hasFile = !string.IsNullOrWhiteSpace(s.SecretKeyFile);
        if (hasSecret == hasFile)
            throw new ConfigurationException("Storage:SecretKey", hasSecret
                ? "set either Storage:SecretKey or Storage:SecretKeyFile, not both"
                : "missing (set Storage:SecretKey or Storage:SecretKeyFile)");
        if (hasFile && !File.Exists(s.SecretKeyFile))
            throw new ConfigurationException("Storage:SecretKeyFile", $"file not found: {s.SecretKeyFile}");
        if (string.IsNullOrWhiteSpace(s.Region))
            throw new ConfigurationException("Storage:Region", "must not be empty");
        if (s.CaCertificateFile is { Length: > 0 } ca)
        {
            if (uri.Scheme != "https")
                throw new ConfigurationException("Storage:CaCertificateFile", "only meaningful with an https endpoint");
            if (!File.Exists(ca))
                throw new ConfigurationException("Storage:CaCertificateFile", $"file not found: {ca}");
        }
        InRange("Storage:ConnectTimeoutSeconds", s.ConnectTimeoutSeconds, 1, 300);
        InRange("Storage:RequestTimeoutSeconds", s.RequestTimeoutSeconds, 5, 3600);
        InRange("Storage:SinglePutMaxMegabytes", s.SinglePutMaxMegabytes, 5, 5120);
    }

    private static void InRange(string key, double value, double min, double max)
    {
        if (value < min || value > max)
            throw new ConfigurationException(key, $"must be between {min} and {max}");
    }

    private static void ValidateOffload(OffloadOptions o)
    {
        foreach (var ext in o.EffectiveExtensions)
            if (string.IsNullOrWhiteSpace(ext) || !ext.All(char.IsAsciiLetterOrDigit))
                throw new ConfigurationException("Offload:Extensions", $"'{ext}' is not an extension like JPG (no dot)");
        var template = ObjectKeyTemplate.TryParse(o.KeyTemplate, ObjectKeyTemplate.FilePlaceholders, out var error);
        if (template is null)
            throw new ConfigurationException("Offload:KeyTemplate", error!);
        if (!o.KeyTemplate.Contains("{name}", StringComparison.Ordinal))
            throw new ConfigurationException("Offload:KeyTemplate", "must contain {name}");
        if (ObjectKeyTemplate.TryParse(o.ManifestKeyTemplate, ObjectKeyTemplate.ManifestPlaceholders, out error) is null)
            throw new ConfigurationException("Offload:ManifestKeyTemplate", error!);
        if (!o.ManifestKeyTemplate.Contains("{session}", StringComparison.Ordinal))
            throw new ConfigurationException("Offload:ManifestKeyTemplate", "must contain {session}");
        if (ObjectKeyTemplate.TryParse(o.QuarantineKeyTemplate, ObjectKeyTemplate.QuarantinePlaceholders, out error) is null)
            throw new ConfigurationException("Offload:QuarantineKeyTemplate", error!);
        if (!o.QuarantineKeyTemplate.Contains("{serial}", StringComparison.Ordinal) || !o.QuarantineKeyTemplate.Contains("{name}", StringComparison.Ordinal))
            throw new ConfigurationException("Offload:QuarantineKeyTemplate", "must contain {serial} and {name}");
        if (ObjectKeyTemplate.TryParse(o.QuarantineManifestKeyTemplate, ObjectKeyTemplate.QuarantineManifestPlaceholders, out error) is null)
            throw new ConfigurationException("Offload:QuarantineManifestKeyTemplate", error!);
        if (!o.QuarantineManifestKeyTemplate.Contains("{session}", StringComparison.Ordinal))
            throw new ConfigurationException("Offload:QuarantineManifestKeyTemplate", "must contain {session}");
        InRange("Offload:Concurrency", o.Concurrency, 1, 16);
        InRange("Offload:MaxBufferedFileMegabytes", o.MaxBufferedFileMegabytes, 1, 512);
        InRange("Offload:UploadAttempts", o.UploadAttempts, 1, 20);
        InRange("Offload:RetryDelaySeconds", o.RetryDelaySeconds, 0, 600);
        InRange("Offload:AbandonedUploadMinutes", o.AbandonedUploadMinutes, 0, 100_000);
        InRange("Offload:MaxFiles", o.MaxFiles, 1, 1_000_000);
    }

    private static void ValidateCards(CardsOptions c)
    {
        if (c.Mount is not ("systemd" or "fuse"))
            throw new ConfigurationException("Cards:Mount", $"must be \"systemd\" (production) or \"fuse\" (got '{c.Mount}')");
        if (string.IsNullOrWhiteSpace(c.MountRoot) || !Path.IsPathRooted(c.MountRoot))
            throw new ConfigurationException("Cards:MountRoot", $"must be an absolute path (got '{c.MountRoot}')");
        InRange("Cards:PollSeconds", c.PollSeconds, 0.05, 5);
        for (var i = 0; i < c.Readers.Count; i++)
        {
            // A pattern that names no kind of reader matches nothing: a typo would leave every card alone, silently.
            var pattern = c.Readers[i];
            if (!(pattern.StartsWith("usb:", StringComparison.Ordinal) || pattern.StartsWith("loop:", StringComparison.Ordinal)) || pattern.Any(char.IsControl))
                throw new ConfigurationException($"Cards:Readers:{i}", $"'{Fleet.Printable.Of(pattern, 80)}' names no reader: write usb:PORT "
                    + "(e.g. usb:1-1.3, as the log's \"Card inserted\" line names the reader) or loop:IMAGE-PATH, with '*' for any run of characters");
        }
        InRange("Cards:MountTimeoutSeconds", c.MountTimeoutSeconds, 1, 600);
    }

    private static void ValidateHealth(HealthOptions h)
    {
        InRange("Health:StorageCheckSeconds", h.StorageCheckSeconds, 1, 86_400);
        InRange("Health:MaxClockSkewSeconds", h.MaxClockSkewSeconds, 5, 840);
        InRange("Health:MinFreeMegabytes", h.MinFreeMegabytes, 0, 1_000_000);
    }
}
