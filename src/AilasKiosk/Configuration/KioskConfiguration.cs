using Microsoft.Extensions.Configuration;

namespace AilasKiosk.Configuration;

/// <summary>Builds the configuration from its sources, in increasing precedence.</summary>
public static class KioskConfiguration
{
    public const string SystemFile = "/etc/ailas-kiosk/kiosk.json";
    public const string EnvironmentPrefix = "AILAS_";

    public static void AddSources(IConfigurationBuilder builder, string? explicitFile)
    {
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        builder.AddJsonFile(SystemFile, optional: true, reloadOnChange: false);
        if (explicitFile is not null)
        {
            var full = Path.GetFullPath(explicitFile);
            if (!File.Exists(full))
                throw new ConfigurationError("--config", $"file not found: {full}");
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
    }

    /// <summary>Binds and validates; throws <see cref="ConfigurationError"/> naming the first bad key.</summary>
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
            throw new ConfigurationError(KeyFrom(e.Message), "value has the wrong type");
        }
        KioskOptionsValidator.Validate(options);
        return options;
    }

    private static string KeyFrom(string message) =>
        System.Text.RegularExpressions.Regex.Match(message, "at '([^']+)'") is { Success: true } m ? m.Groups[1].Value : "(configuration)";
}
