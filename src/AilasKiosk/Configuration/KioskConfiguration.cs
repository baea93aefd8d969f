using Microsoft.Extensions.Configuration;

namespace AilasKiosk.Configuration;

/// <summary>Builds the configuration from its sources, in increasing precedence.</summary>
internal static class KioskConfiguration
{
    public const string SystemFile = "/etc/ailas-kiosk/kiosk.json";
    public const string EnvironmentPrefix = "AILAS_";
    /// <summary>The key naming the camera registry file that `ailas-kiosk cameras add` maintains.</summary>
    public const string RegistryFileKey = "Registry:File";
    public const string DefaultRegistryFile = "/etc/ailas-kiosk/cameras.json";

    /// <summary>
    /// appsettings.json, /etc/ailas-kiosk/kiosk.json, --config FILE, the camera registry file (Registry:File),
    /// then AILAS_* environment variables: later sources win.
    /// </summary>
    public static void AddSources(IConfigurationBuilder builder, string? explicitFile)
    {
        try
        {
            AddSourcesInOrder(builder, explicitFile);
        }
        catch (InvalidDataException e)
        {
            // The JSON provider: "Failed to load configuration from file '/etc/ailas-kiosk/kiosk.json'."
            throw new ConfigurationException("(file)", $"{e.Message} {e.InnerException?.Message}".Trim());
        }
    }

    /// <summary>The configuration alone, without validation (for commands that need only part of it).</summary>
    public static IConfigurationRoot BuildRoot(string? explicitFile)
    {
        var builder = new ConfigurationBuilder();
        AddSources(builder, explicitFile);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationException("(file)", $"{e.Message} {e.InnerException?.Message}".Trim());
        }
    }

    private static void AddSourcesInOrder(IConfigurationBuilder builder, string? explicitFile)
    {
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        builder.AddJsonFile(SystemFile, optional: true, reloadOnChange: false);
        if (explicitFile is not null)
        {
            var full = Path.GetFullPath(explicitFile);
            if (!File.Exists(full))
                throw new ConfigurationException("--config", $"file not found: {full}");
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        // The registry file's own location may come from any source, the environment included.
        var registry = RegistryFile(new ConfigurationBuilder().AddConfiguration(builder.Build()).AddEnvironmentVariables(EnvironmentPrefix).Build());
        builder.AddJsonFile(registry, optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables(EnvironmentPrefix);
    }

    public static string RegistryFile(IConfiguration configuration) =>
        Path.GetFullPath(configuration[RegistryFileKey] is { Length: > 0 } file ? file : DefaultRegistryFile);

    /// <summary>Only the cameras (serial → label) of the configuration, validated: what a registry reload needs.</summary>
    public static IReadOnlyDictionary<string, string> LoadCameras(IConfiguration configuration)
    {
        var cameras = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        configuration.GetSection("Cameras").Bind(cameras);
        KioskOptionsValidator.ValidateCameras(cameras);
        return cameras;
    }

    /// <summary>Binds and validates; throws <see cref="ConfigurationException"/> naming the first bad key.</summary>
    public static KioskOptions Load(IConfiguration configuration)
    {
        var options = new KioskOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder says "Failed to convert configuration value 'abc' at 'Offload:Concurrency' to type ...".
            throw new ConfigurationException(KeyFrom(e.Message), "value has the wrong type");
        }
        KioskOptionsValidator.Validate(options);
        return options;
    }

    private static string KeyFrom(string message) =>
        System.Text.RegularExpressions.Regex.Match(message, "at '([^']+)'") is { Success: true } m ? m.Groups[1].Value : "(configuration)";
}
