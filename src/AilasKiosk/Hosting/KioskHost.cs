using AilasKiosk.Configuration;
using AilasKiosk.Crew;
using AilasKiosk.Crew.Leds;
using AilasKiosk.Daemon;
using AilasKiosk.Detect;
using AilasKiosk.Fleet;
using AilasKiosk.Health;
using AilasKiosk.Identify;
using AilasKiosk.Journal;
using AilasKiosk.Mount;
using AilasKiosk.Notify;
using AilasKiosk.Offload;
using AilasKiosk.Status;
using AilasKiosk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
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
internal static class KioskHost
{
    /// <summary>Throws <see cref="ConfigurationException"/> when the configuration is wrong.</summary>
    public static IHost Build(string? configFile, bool logToStandardError) => CreateBuilder(configFile, logToStandardError).Builder.Build();

    /// <summary>
    /// The daemon (`run`): the same services plus the status model, health monitor, card loop, status file and
    /// systemd notifications, each a hosted service stopped in reverse order on SIGTERM.
    /// </summary>
    public static IHost BuildDaemon(string? configFile)
    {
        var (builder, options) = CreateBuilder(configFile, logToStandardError: false);
        var services = builder.Services;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        // First registered, last stopped: reports of the cards stopped before it still get their bounded chance.
        services.AddHostedService<NotifierShutdown>();
        // Over the plain registration: a disk too full for the journal must not stop the daemon's start.
        services.AddSingleton(s => OffloadJournal.OpenOrWaitForRoom(options.State.Directory, s.GetRequiredService<TimeProvider>(),
            e => s.GetRequiredService<ILogger<OffloadJournal>>().LogError("Journal not opened yet: {Error}", e.Message)));
        services.AddSingleton(s => new KioskStatus(options.KioskId, Version, s.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Liveness>();
        services.AddSingleton(_ => new ServerClock(options.Storage));
        services.AddSingleton<HealthChecks>();
        services.AddSingleton<HealthMonitor>();
        services.AddHostedService(s => s.GetRequiredService<HealthMonitor>());
        services.AddSingleton(_ => new BlockDeviceScanner(options.Cards));
        services.AddSingleton<IFileSystemProbe>(_ => new FileSystemProbe());
        services.AddSingleton<ICardMounter>(s => options.Cards.Mount == "fuse"
            ? new FuseCardMounter(options.Cards, s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<FuseCardMounter>>())
            : new SystemdCardMounter(options.Cards, s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<SystemdCardMounter>>()));
        services.AddSingleton<CardWorkflow>();
        if (options.Registry.HasShared)
            services.AddHostedService(s => s.GetRequiredService<SharedRegistrySync>());
        services.AddHostedService<KioskDaemon>();
        services.AddHostedService<StatusFileWriter>();
        if (options.Fleet.Publish)
            services.AddHostedService(s => new StatusPublisher(options, s.GetRequiredService<KioskStatus>(),
                // Its own client: one bounded PUT a minute, no retries (the next tick is the retry), apart from the images' store.
                new MinioObjectStore(options.Storage, s.GetRequiredService<TimeProvider>()), s.GetRequiredService<TimeProvider>(),
                s.GetRequiredService<ILogger<StatusPublisher>>()));
        services.AddSingleton(s => CrewHardware.Create(options, s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILoggerFactory>(), Console.Error));
        services.AddSingleton(s => new LedPlayer(s.GetRequiredService<CrewDevices>().Leds, s.GetRequiredService<TimeProvider>()));
        services.AddSingleton(s => s.GetRequiredService<CrewDevices>().Display);
        services.AddHostedService<CrewInterface>();
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddHostedService<SystemdNotifications>();
        return builder.Build();
    }

    /// <summary>The version `--version`, manifests and the status file report.</summary>
    public static string Version { get; } = typeof(KioskHost).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static (HostApplicationBuilder Builder, KioskOptions Options) CreateBuilder(string? configFile, bool logToStandardError)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        KioskConfiguration.AddSources(builder.Configuration, configFile);
        var options = KioskConfiguration.Load(builder.Configuration);

        var logDirectory = Path.Combine(options.State.Directory, "logs");
        try
        {
            Directory.CreateDirectory(logDirectory);
        }
        catch (IOException e) when (KioskDiskFullException.IsDiskFull(e))
        {
            // The file sink then loses its lines (Serilog swallows sink errors); the console, journald's, keeps them.
        }
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
        // The one clock: timestamps from its wall time, waits and durations from its monotonic timestamps (DESIGN.md §7, Clock).
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => OffloadJournal.Open(options.State.Directory, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IObjectStore>(services => new RetryingObjectStore(
            new MinioObjectStore(options.Storage),
            options.Offload.UploadAttempts,
            TimeSpan.FromSeconds(options.Offload.RetryDelaySeconds),
            services.GetRequiredService<ILogger<RetryingObjectStore>>()));
        builder.Services.AddSingleton(services => new CameraRegistry(options.Cameras, KioskConfiguration.RegistryFile(builder.Configuration),
            () => KioskConfiguration.LoadCameras(KioskConfiguration.BuildRoot(configFile)), services.GetRequiredService<ILogger<CameraRegistry>>()));
        if (options.Registry.HasShared)
            builder.Services.AddSingleton(services => new SharedRegistrySync(options, services.GetRequiredService<CameraRegistry>(),
                // Its own client, as the status publisher's: one bounded GET now and then, apart from the images' store.
                new MinioObjectStore(options.Storage, services.GetRequiredService<TimeProvider>()), services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<SharedRegistrySync>>()));
        builder.Services.AddOffloadEngine();
        builder.Services.AddSingleton<INotifier>(services => options.Notify.IsEnabled
            ? WebhookNotifier.Create(options, Version, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>())
            : new SilentNotifier());
        return (builder, options);
    }
}
