using AilasKiosk.Card;
using AilasKiosk.Configuration;
using AilasKiosk.Identify;
using AilasKiosk.Inspect;
using AilasKiosk.Journal;
using AilasKiosk.Storage;
using AilasKiosk.Upload;
using AilasKiosk.Verify;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Offload;

/// <summary>
/// One file's way into the bucket: read and hash once → choose its key → upload (unless already there) →
/// prove the object equal → re-read the card file from the medium → journal the proof. Nothing here deletes.
/// Reads of the card wait for its <see cref="CardLane"/>; the rest overlaps with other files. A file that an earlier
/// session of the same card proved, unchanged since, keeps that proof instead (<see cref="ProvenEarlierAsync"/>).
/// </summary>
internal sealed class FileOffloader(
    CardFileReader reader,
    ObjectKeys keys,
    ImageCameraResolver cameras,
    ObjectPlacer placer,
    IObjectStore store,
    ObjectVerifier verifier,
    OffloadJournal journal,
    OffloadOptions options,
    ILogger<FileOffloader> log)
{
    /// <param name="cardCamera">The camera the card's version.txt names, if any: the fallback for images without a serial.</param>
    /// <param name="checks">Collects what Panoramax will need of the image (GPS, time, integrity); never blocks the offload.</param>
    /// <param name="lane">The card's reader lane: this file's reads wait their turn, its upload does not.</param>
    /// <param name="cardUuid">The card's file-system serial, when known: a proof of this file from an earlier session of the card may then stand.</param>
    public async Task<VerifiedFile> OffloadAsync(string sessionId, CameraIdentity? cardCamera, CardFile file, SessionChecks checks,
        CardLane lane, CancellationToken cancellationToken, string? cardUuid = null)
    {
        if (cardUuid is not null && await ProvenEarlierAsync(sessionId, cardUuid, cardCamera, file, checks, lane, cancellationToken) is { } carried)
            return carried;

        FileDigest digest;
        ImageFacts image;
        CameraIdentity camera;
        Placement placement;
        using (var content = await reader.ReadAsync(file, lane, cancellationToken))
        {
            digest = content.Digest;

            // One read of the hashed bytes' header feeds the camera, the key, the checks and the manifest alike.
            await using (var header = content.OpenContent())
                image = ImageInspector.Inspect(header, file.Size);
            checks.Add(file.RelativePath, image);
            (camera, var disagreed) = cameras.Resolve(cardCamera, image);
            if (disagreed is not null)
                log.LogWarning("{Path} was taken by camera {Serial} ({Model}), not by {CardSerial} that MISC/version.txt names; filed under the image's camera",
                    file.RelativePath, camera.Serial, camera.Model, disagreed);

            placement = await placer.PlaceAsync(keys.ForFile(camera, file, image.CaptureTime), digest, cancellationToken);
            if (placement.CollidedWith is not null)
                log.LogWarning("{Path}: {WantedKey} already holds other content (a reformatted card reuses names); storing under {Key}",
                    file.RelativePath, placement.CollidedWith, placement.Key);

            if (placement.NeedsUpload)
            {
                // Content-MD5 is the MD5 of the first read: the server refuses a body that is not the bytes hashed.
                var stored = await store.PutAsync(placement.Key, new ObjectContent(content.OpenContent, digest.Size, Convert.FromHexString(digest.Md5)),
                    ContentTypeOf(file.Name),
                    new Dictionary<string, string>
                    {
                        [ObjectVerifier.Sha256MetadataKey] = digest.Sha256,
                        ["camera-serial"] = camera.Serial,
                        ["card-path"] = file.RelativePath,
                        ["kiosk-session"] = sessionId,
                    }, cancellationToken);
                // Taken since the placement looked (another writer, or this upload's own earlier attempt that was
                // stored after all): nothing was replaced, and the proof below tells which.
                if (!stored)
                    log.LogWarning("{Key} was created between the check and the upload of {Path}: not replaced; proving what it holds",
                        placement.Key, file.RelativePath);
            }
        } // the file's buffer goes back to the pool: the proof below needs none

        await verifier.VerifyAsync(placement.Key, digest, cancellationToken);

        // The card is proven by two reads from the medium that agree. An object already in the bucket came from an
        // earlier, independent read (an interrupted session, an upload by hand) and this session's read matched
        // it; a third read would prove nothing more, and would double the time to finish a resumed card.
        if (options.VerifySource && placement.NeedsUpload)
        {
            var reread = await CardFileReader.ReadXxh128FromMediumAsync(file, lane, cancellationToken);
            if (reread != digest.Xxh128)
                throw new CardFileChangedException(file, $"XXH3-128 on re-read {reread}, {digest.Xxh128} when hashed for upload");
        }

        var verified = new VerifiedFile(file.RelativePath, file.Size, placement.NeedsUpload ? Disposition.Uploaded : Disposition.Present,
            placement.Key, digest.Sha256, digest.Md5, digest.ExpectedETag, image.CaptureTime, image.HasGps, camera.Serial, camera.Label);
        journal.RecordVerified(sessionId, verified);
        Platform.CrashPoint.Reached(Platform.CrashPoint.Verified);
        if (verified.IsQuarantined)
            log.LogWarning("{Path} verified as {Key} ({Disposition}, {Bytes} bytes, sha256 {Sha256}); camera {Serial} is not registered, so it stays on the card",
                file.RelativePath, placement.Key, verified.Disposition, file.Size, digest.Sha256, camera.Serial);
        else
            log.LogInformation("{Path} verified as {Key} ({Disposition}, {Bytes} bytes, sha256 {Sha256})",
                file.RelativePath, placement.Key, verified.Disposition, file.Size, digest.Sha256);
        return verified;
    }

    /// <summary>
    /// A file that an earlier session of this card proved (object checked, two reads of the card agreeing) and that is
    /// still as it was then (same size and modification time: invariant 1's test of "the file that was read") is not
    /// read again: its object is checked again and the proof carried into this session. A power cut at 90 % then costs
    /// the last 10 % of the card, not a second read of all of it (DESIGN.md §4). Only the image's header and last
    /// bytes are read, for the checks and to find the key it must have. Null when there is no such proof or it no
    /// longer holds (the camera now registered under another label, another key template, the object gone): the file
    /// then takes the full way.
    /// </summary>
    private async Task<VerifiedFile?> ProvenEarlierAsync(string sessionId, string cardUuid, CameraIdentity? cardCamera, CardFile file,
        SessionChecks checks, CardLane lane, CancellationToken cancellationToken)
    {
        if (journal.FindEarlierProof(sessionId, cardUuid, file) is not { } earlier)
            return null;
        var proof = earlier.File;
        ImageFacts image;
        using (await lane.EnterAsync(cancellationToken))
        {
            try
            {
                await using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
                if (stream.Length != file.Size)
                    throw new CardFileChangedException(file, $"size is now {stream.Length}, was {file.Size} when planned");
                image = ImageInspector.Inspect(stream, file.Size);
            }
            catch (IOException e) when (CardFileUnreadableException.IsReadFailure(e))
            {
                throw new CardFileUnreadableException(file, e); // a worn card says so, as on a full read
            }
        }
        var (camera, _) = cameras.Resolve(cardCamera, image);
        var wanted = keys.ForFile(camera, file, image.CaptureTime);
        if (camera.Serial != proof.CameraSerial || camera.Label != proof.CameraLabel
            || (proof.ObjectKey != wanted && proof.ObjectKey != ObjectPlacer.AlternativeKey(wanted, proof.Sha256)))
        {
            log.LogInformation("{Path} was proven in session {Earlier} as {Key}, but now goes to {Wanted}: offloaded again",
                file.RelativePath, earlier.SessionId, proof.ObjectKey, wanted);
            return null;
        }
        try
        {
            await verifier.VerifyAsync(proof.ObjectKey, new FileDigest(proof.Size, proof.Sha256, proof.Md5, proof.ETag, Xxh128: ""), cancellationToken);
        }
        catch (VerificationException e)
        {
            log.LogWarning("{Path} was proven in session {Earlier} as {Key}, which no longer holds ({Reason}): offloaded again",
                file.RelativePath, earlier.SessionId, proof.ObjectKey, e.Reason);
            return null;
        }

        checks.Add(file.RelativePath, image);
        var verified = proof with { Disposition = Disposition.Present };
        journal.RecordVerified(sessionId, verified);
        Platform.CrashPoint.Reached(Platform.CrashPoint.Verified);
        log.LogInformation("{Path} verified as {Key} ({Disposition}, {Bytes} bytes, sha256 {Sha256}): proven in session {Earlier}, unchanged on the card since, not read again",
            file.RelativePath, proof.ObjectKey, verified.Disposition, file.Size, proof.Sha256, earlier.SessionId);
        return verified;
    }

    private static string ContentTypeOf(string name) =>
        Path.GetExtension(name).Equals(".jpg", StringComparison.OrdinalIgnoreCase) ? "image/jpeg" : "application/octet-stream";
}
