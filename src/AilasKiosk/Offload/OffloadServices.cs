using AilasKiosk.Card;
using AilasKiosk.Configuration;
using AilasKiosk.Identify;
using AilasKiosk.Journal;
using AilasKiosk.Keys;
using AilasKiosk.Storage;
using AilasKiosk.Upload;
using AilasKiosk.Verify;
using AilasKiosk.Wipe;
using Microsoft.Extensions.DependencyInjection;

namespace AilasKiosk.Offload;

/// <summary>
/// The engine and its collaborators, wired in one place for the host (`run`, `offload`) and the tests alike, so a
/// test runs the engine the kiosk runs. The caller registers what differs between them: <see cref="KioskOptions"/>,
/// the <see cref="IObjectStore"/> with its decorators, the <see cref="OffloadJournal"/>, the
/// <see cref="TimeProvider"/>, logging, and the <see cref="CameraRegistry"/>.
/// </summary>
internal static class OffloadServices
{
    public static IServiceCollection AddOffloadEngine(this IServiceCollection services)
    {
        services.AddSingleton(s => s.GetRequiredService<KioskOptions>().Offload);
        services.AddSingleton(s =>
        {
            var offload = s.GetRequiredService<OffloadOptions>();
            return new CardScanner(offload.EffectiveExtensions, offload.MaxFiles);
        });
        services.AddSingleton(s => new CameraIdentifier(s.GetRequiredService<CameraRegistry>(), s.GetRequiredService<KioskOptions>().Identify.VolumeLabelRegex));
        services.AddSingleton(s => new ImageCameraResolver(s.GetRequiredService<CameraRegistry>()));
        services.AddSingleton(s =>
        {
            var offload = s.GetRequiredService<OffloadOptions>();
            return new ObjectKeys(
                ObjectKeyTemplate.Parse(offload.KeyTemplate, ObjectKeyTemplate.FilePlaceholders),
                ObjectKeyTemplate.Parse(offload.ManifestKeyTemplate, ObjectKeyTemplate.ManifestPlaceholders),
                ObjectKeyTemplate.Parse(offload.QuarantineKeyTemplate, ObjectKeyTemplate.QuarantinePlaceholders),
                ObjectKeyTemplate.Parse(offload.QuarantineManifestKeyTemplate, ObjectKeyTemplate.QuarantineManifestPlaceholders));
        });
        services.AddSingleton(s => new CardFileReader(s.GetRequiredService<IObjectStore>().PartLayout,
            s.GetRequiredService<OffloadOptions>().MaxBufferedFileMegabytes * 1024 * 1024));
        services.AddSingleton<IdleMemoryRelease>();
        services.AddSingleton<ObjectVerifier>();
        services.AddSingleton<ObjectPlacer>();
        services.AddSingleton<FileOffloader>();
        services.AddSingleton(s => new ManifestWriter(s.GetRequiredService<IObjectStore>(), s.GetRequiredService<ObjectVerifier>(),
            s.GetRequiredService<OffloadJournal>(), s.GetRequiredService<KioskOptions>().State.Directory, s.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CardWiper>();
        services.AddSingleton<OffloadEngine>();
        return services;
    }
}
