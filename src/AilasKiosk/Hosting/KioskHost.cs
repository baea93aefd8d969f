using AilasKiosk.Configuration;
using AilasKiosk.Journal;
using AilasKiosk.Session;
using AilasKiosk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace AilasKiosk.Hosting;

/// <summary>
/// Builds the host every command runs in: configuration (validated before anything else), Serilog (console for
/// journald, rolling compact-JSON file in the state directory), the storage port with its decorators, the
/// journal and the engine.
/// </summary>
public static class KioskHost
{
    /// <summary>Throws <see cref="ConfigurationError"/> when the configuration is wrong.</summary>
    public static IHost Build(string? configFile, bool logToStandardError)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        KioskConfiguration.AddSources(builder.Configuration, configFile);
        var options = KioskConfiguration.Load(builder.Configuration);

        var logDirectory = Path.Combine(options.State.Directory, "logs");
        Directory.CreateDirectory(logDirectory);
        var serilog = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Kiosk", options.KioskId)
            .WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Session} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: logToStandardError ? LogEventLevel.Verbose : null)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(logDirectory, "ailas-kiosk-.clef"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 30)
            .CreateLogger();
        builder.Services.AddSerilog(serilog, dispose: true);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => OffloadJournal.Open(options.State.Directory));
        builder.Services.AddSingleton<IObjectStore>(services => new RetryingObjectStore(
            new MinioObjectStore(options.Storage),
            options.Offload.UploadAttempts,
            TimeSpan.FromSeconds(options.Offload.RetryDelaySeconds),
            services.GetRequiredService<ILogger<RetryingObjectStore>>()));
        builder.Services.AddSingleton<OffloadEngine>();
        return builder.Build();
    }
}
