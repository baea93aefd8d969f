using System.Text.Json;
using AilasKiosk.Card;
using AilasKiosk.Identify;
using AilasKiosk.Inspect;
using AilasKiosk.Journal;
using AilasKiosk.Storage;
using AilasKiosk.Verify;

namespace AilasKiosk.Offload;

/// <summary>
/// The chain of custody of one card session: kiosk, card, camera, and every file with its size, hashes, key,
/// ETag, capture time and GPS presence. Written from the journal to a local file (streamed: 15,000 photos make
/// a few MB), stored in the bucket and verified like any image, before anything is wiped. Dated by the kiosk's clock.
/// </summary>
internal sealed class ManifestWriter(IObjectStore store, ObjectVerifier verifier, OffloadJournal journal, string stateDirectory, TimeProvider time)
{
    public const string Schema = "ailas-kiosk/manifest/1";

    /// <summary>Writes the manifest once, then stores and verifies it under every key (one per camera folder).</summary>
    public async Task WriteAsync(IReadOnlyList<string> keys, ManifestHeader header, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(stateDirectory, "manifests");
        var path = Path.Combine(directory, $"{header.SessionId}.json");
        try
        {
            Directory.CreateDirectory(directory);
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
            await using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
            await WriteDocumentAsync(json, header, cancellationToken);
            await json.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        catch (IOException e) when (KioskDiskFullException.IsDiskFull(e))
        {
            // No manifest, no wipe; a partial file is harmless (rewritten next time) but takes room: gone. (Its
            // directory may not exist, when creating it was what failed; File.Delete would then mask this error.)
            if (File.Exists(path)) File.Delete(path);
            throw new KioskDiskFullException(path, e);
        }

        FileDigest digest;
        await using (var file = File.OpenRead(path))
        {
            using var accumulator = new DigestAccumulator(file.Length, store.PartLayout);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
                accumulator.Append(buffer.AsSpan(0, read));
            digest = accumulator.Finish();
        }

        foreach (var key in keys)
        {
            await store.PutAsync(key, new ObjectContent(() => File.OpenRead(path), digest.Size, Convert.FromHexString(digest.Md5)), "application/json",
                new Dictionary<string, string> { [ObjectVerifier.Sha256MetadataKey] = digest.Sha256, ["kiosk-session"] = header.SessionId },
                cancellationToken);
            await verifier.VerifyAsync(key, digest, cancellationToken);
        }
    }

    /// <summary>
    /// A writer over a stream keeps everything in its own buffer until flushed: 15,000 photos made that buffer
    /// grow to 16 MiB at the end of every big card. Flushed every <see cref="FlushEveryBytes"/>, memory stays flat.
    /// </summary>
    private const int FlushEveryBytes = 64 * 1024;

    private async Task WriteDocumentAsync(Utf8JsonWriter json, ManifestHeader h, CancellationToken cancellationToken)
    {
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteString("session", h.SessionId);
        json.WriteString("kiosk", h.Kiosk);
        json.WriteString("createdUtc", time.GetUtcNow().UtcDateTime.ToString("O"));
        json.WriteString("storage", h.StorageLocation);
        // The card's camera per MISC/version.txt; each file names the camera that took it.
        json.WriteStartObject("camera");
        json.WriteString("serial", h.Camera?.Serial);
        json.WriteString("label", h.Camera?.Label);
        json.WriteString("model", h.Camera?.Model);
        json.WriteString("firmware", h.Camera?.Firmware);
        json.WriteString("identifiedFrom", h.Camera?.Source);
        json.WriteEndObject();
        json.WriteStartObject("card");
        json.WriteString("root", h.CardRoot);
        json.WriteEndObject();

        int verified = 0, failed = 0;
        long bytes = 0;
        var perCamera = new SortedDictionary<string, (string? Label, int Images)>(StringComparer.Ordinal);
        json.WriteStartArray("files");
        foreach (var f in journal.Files(h.SessionId).Where(f => f.State == FileState.Verified))
        {
            json.WriteStartObject();
            json.WriteString("path", f.Path);
            json.WriteNumber("size", f.Size);
            json.WriteString("sha256", f.Sha256);
            json.WriteString("md5", f.Md5);
            json.WriteString("key", f.ObjectKey);
            json.WriteString("etag", f.ETag);
            json.WriteString("disposition", f.Disposition is { } d ? JournalCodes.Dispositions.Text(d) : null);
            json.WriteString("cameraSerial", f.CameraSerial);
            json.WriteString("cameraLabel", f.CameraLabel);
            json.WriteBoolean("keptOnCard", f.CameraLabel is null);
            if (f.CaptureLocal is null) json.WriteNull("captureTime"); else json.WriteString("captureTime", f.CaptureLocal);
            json.WriteBoolean("gps", f.HasGps);
            json.WriteEndObject();
            if (json.BytesPending >= FlushEveryBytes) await json.FlushAsync(cancellationToken);
            verified++;
            bytes += f.Size;
            var serial = f.CameraSerial ?? "";
            perCamera[serial] = (f.CameraLabel, perCamera.TryGetValue(serial, out var c) ? c.Images + 1 : 1);
        }
        json.WriteEndArray();
        json.WriteStartArray("notOffloaded");
        foreach (var f in journal.Files(h.SessionId).Where(f => f.State != FileState.Verified))
        {
            json.WriteStartObject();
            json.WriteString("path", f.Path);
            json.WriteNumber("size", f.Size);
            json.WriteString("reason", f.Error ?? "not attempted");
            json.WriteEndObject();
            if (json.BytesPending >= FlushEveryBytes) await json.FlushAsync(cancellationToken);
            failed++;
        }
        json.WriteEndArray();
        json.WriteStartArray("cameras");
        foreach (var (serial, (label, images)) in perCamera)
        {
            json.WriteStartObject();
            json.WriteString("serial", serial);
            json.WriteString("label", label);
            json.WriteNumber("images", images);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (h.Checks is not null)
        {
            // What Panoramax will need: GPS, capture time, intact JPEGs, a camera clock that agrees with GPS.
            json.WritePropertyName("checks");
            h.Checks.WriteTo(json);
        }
        json.WriteStartObject("totals");
        json.WriteNumber("verified", verified);
        json.WriteNumber("verifiedBytes", bytes);
        json.WriteNumber("notOffloaded", failed);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}

internal sealed record ManifestHeader(string SessionId, string Kiosk, string CardRoot, CameraIdentity? Camera, string StorageLocation, CheckSummary? Checks);
