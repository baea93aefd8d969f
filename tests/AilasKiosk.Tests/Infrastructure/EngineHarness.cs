using AilasKiosk.Configuration;
using AilasKiosk.Identify;
using AilasKiosk.Journal;
using AilasKiosk.Offload;
using AilasKiosk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// The offload engine in-process, wired like the host does (real Minio store against radosgw, real SQLite
/// journal), with an optional decorator around the store so a test can act at an exact moment (e.g. alter the
/// card right after an upload).
/// </summary>
internal sealed class EngineHarness : IDisposable
{
    private readonly MinioObjectStore _minio;
    private readonly ServiceProvider _services;

    /// <param name="time">The kiosk's clock; the system's unless a test fakes it.</param>
    public EngineHarness(KioskSettings settings, Func<IObjectStore, IObjectStore>? decorate = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        Options = settings.Bind();
        _minio = new MinioObjectStore(Options.Storage);
        Store = decorate?.Invoke(_minio) ?? _minio;
        Store = new RetryingObjectStore(Store, Options.Offload.UploadAttempts, TimeSpan.FromSeconds(Options.Offload.RetryDelaySeconds),
            NullLogger<RetryingObjectStore>.Instance);
        Journal = OffloadJournal.Open(Options.State.Directory, time);
        // The host's wiring of the engine, around this harness's store, journal and clock.
        _services = new ServiceCollection()
            .AddSingleton(Options).AddSingleton(Store).AddSingleton(Journal).AddSingleton(time)
            .AddSingleton(new CameraRegistry(Options.Cameras))
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddOffloadEngine()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Engine = _services.GetRequiredService<OffloadEngine>();
    }

    public KioskOptions Options { get; }
    public IObjectStore Store { get; }
    public OffloadJournal Journal { get; }
    public OffloadEngine Engine { get; }

    /// <param name="cardUuid">The card's file-system serial, as the daemon passes it from udev.</param>
    public Task<OffloadReport> RunAsync(string cardRoot, string? cardUuid = null) =>
        Engine.RunAsync(cardRoot, CancellationToken.None, cardUuid: cardUuid);

    public void Dispose()
    {
        _services.Dispose();
        Journal.Dispose();
        _minio.Dispose();
    }
}

/// <summary>Passes every call to the store it wraps; a test's decorator overrides the upload to act at that moment.</summary>
internal abstract class PassThroughStore(IObjectStore inner) : IObjectStore
{
    protected IObjectStore Inner => inner;
    public string Location => inner.Location;
    public PartLayout PartLayout => inner.PartLayout;
    public TlsHandshake? LastHandshake => inner.LastHandshake;
    public Task CheckAccessAsync(CancellationToken cancellationToken) => inner.CheckAccessAsync(cancellationToken);
    public Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);
    public Task<byte[]> ReadSha256Async(string key, CancellationToken cancellationToken) => inner.ReadSha256Async(key, cancellationToken);
    public Task<int> AbortAbandonedUploadsAsync(string prefix, DateTime initiatedBefore, CancellationToken cancellationToken) => inner.AbortAbandonedUploadsAsync(prefix, initiatedBefore, cancellationToken);

    public virtual Task<bool> PutAsync(string key, ObjectContent content, string contentType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        inner.PutAsync(key, content, contentType, metadata, cancellationToken);
}

/// <summary>A store decorator that calls back after each successful upload (the tests' moment to tamper).</summary>
internal sealed class AfterPutStore(IObjectStore inner, Func<string, Task> afterPut) : PassThroughStore(inner)
{
    public override async Task<bool> PutAsync(string key, ObjectContent content, string contentType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var stored = await Inner.PutAsync(key, content, contentType, metadata, cancellationToken);
        await afterPut(key);
        return stored;
    }
}

/// <summary>A store decorator that calls back before each upload (the tests' moment to race it).</summary>
internal sealed class BeforePutStore(IObjectStore inner, Func<string, Task> beforePut) : PassThroughStore(inner)
{
    public override async Task<bool> PutAsync(string key, ObjectContent content, string contentType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        await beforePut(key);
        return await Inner.PutAsync(key, content, contentType, metadata, cancellationToken);
    }
}
