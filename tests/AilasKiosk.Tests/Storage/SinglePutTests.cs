using System.Security.Cryptography;
using System.Text;
using AilasKiosk.Storage;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Storage;

/// <summary>
/// The kiosk's own HEAD and single PUT (<see cref="S3ObjectRequests"/>) against radosgw, which checks every
/// signature and every Content-MD5.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class SinglePutTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Theory]
    [InlineData("G0010001.JPG")]
    [InlineData("a+b %20#?&=.JPG")]
    [InlineData("été 日本.JPG")]
    [InlineData("(1) [2] it's~_-.JPG")]
    public async Task Any_name_a_card_may_hold_is_stored_under_exactly_that_key(string name)
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208950", KioskSettings.NewLabel("NAMES"));
        using var store = new MinioObjectStore(settings.Bind().Storage);
        var key = $"{settings.Label}/2026-11-30/100GOPRO/{name}";
        var body = RandomNumberGenerator.GetBytes(300_000);

        await store.PutAsync(key, Content(body), "image/jpeg", new Dictionary<string, string> { ["sha256"] = Sha256(body), ["card-path"] = "DCIM/100GOPRO/" + name },
            CancellationToken.None);

        var stored = await store.StatAsync(key, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(body.Length, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(body)), stored.ETag); // one PUT: the ETag is the body's MD5
        Assert.Equal(Sha256(body), stored.Metadata["sha256"]);
        var listed = Assert.Single(await _s3.ListAsync(settings.Label + "/"));
        Assert.Equal(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(listed));
        Assert.Equal(body, await _s3.GetAsync(key));
    }

    [Fact]
    public async Task A_photo_above_5_MiB_goes_up_in_one_request_not_as_multipart()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208951", KioskSettings.NewLabel("ONEPUT"));
        using var store = new MinioObjectStore(settings.Bind().Storage);
        var key = $"{settings.Label}/big.JPG";
        var body = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);

        await store.PutAsync(key, Content(body), "image/jpeg", new Dictionary<string, string>(), CancellationToken.None);

        var stored = await store.StatAsync(key, CancellationToken.None);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(body)), stored!.ETag); // a multipart ETag would end in -1
        Assert.False(store.PartLayout.IsMultipart(body.Length));
    }

    [Fact]
    public async Task A_photo_is_never_put_over_an_object_that_appeared_under_its_key()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208954", KioskSettings.NewLabel("TAKEN"));
        using var store = new MinioObjectStore(settings.Bind().Storage);
        var key = $"{settings.Label}/G0010001.JPG";
        var theirs = RandomNumberGenerator.GetBytes(200_000);
        var ours = RandomNumberGenerator.GetBytes(300_000);
        Assert.True(await store.PutAsync(key, Content(theirs), "image/jpeg", new Dictionary<string, string>(), CancellationToken.None));

        // If-None-Match: * — the server judges it, so no race between a HEAD and the PUT can replace an object.
        Assert.False(await store.PutAsync(key, Content(ours), "image/jpeg", new Dictionary<string, string>(), CancellationToken.None));

        Assert.Equal(theirs, await _s3.GetAsync(key));
    }

    [Fact]
    public async Task A_body_that_does_not_match_its_Content_MD5_is_refused_and_nothing_is_stored()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208952", KioskSettings.NewLabel("BADMD5"));
        using var store = new MinioObjectStore(settings.Bind().Storage);
        var key = $"{settings.Label}/bad.JPG";
        var body = RandomNumberGenerator.GetBytes(100_000);
        var md5 = MD5.HashData(body);
        body[50_000] ^= 0x80;

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            store.PutAsync(key, new ObjectContent(() => new MemoryStream(body), body.Length, md5), "image/jpeg", new Dictionary<string, string>(), CancellationToken.None));

        Assert.Equal(StorageFailure.Rejected, error.Failure);
        Assert.Contains("BadDigest", error.Message);
        Assert.Null(await store.StatAsync(key, CancellationToken.None));
    }

    /// <summary>What `cameras add --shared` relies on: the server judges If-Match and If-None-Match: * on a PUT.</summary>
    [Fact]
    public async Task A_conditional_document_write_lands_only_on_the_object_as_it_was_read()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208953", KioskSettings.NewLabel("COND"));
        using var store = new MinioObjectStore(settings.Bind().Storage);
        var key = $"_kiosk{Guid.NewGuid():N}"[..16] + "/cameras.json";

        Assert.True(await store.ReplaceDocumentAsync(key, "first"u8.ToArray(), "application/json", readETag: null, CancellationToken.None));
        Assert.False(await store.ReplaceDocumentAsync(key, "not first"u8.ToArray(), "application/json", readETag: null, CancellationToken.None));
        var read = await store.GetDocumentAsync(key, 1024, CancellationToken.None);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData("first"u8)), read!.ETag);

        await store.PutDocumentAsync(key, "someone else's"u8.ToArray(), "application/json", CancellationToken.None); // in between
        Assert.False(await store.ReplaceDocumentAsync(key, "built on first"u8.ToArray(), "application/json", read.ETag, CancellationToken.None));
        Assert.Equal("someone else's"u8.ToArray(), await _s3.GetAsync(key));

        var again = await store.GetDocumentAsync(key, 1024, CancellationToken.None);
        Assert.True(await store.ReplaceDocumentAsync(key, "built on someone else's"u8.ToArray(), "application/json", again!.ETag, CancellationToken.None));
        Assert.Equal("built on someone else's"u8.ToArray(), await _s3.GetAsync(key));
    }

    [Fact]
    public async Task A_wrong_secret_is_access_refused()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208953", KioskSettings.NewLabel("BADKEY")).With("Storage:SecretKey", "not-the-secret");
        using var store = new MinioObjectStore(settings.Bind().Storage);
        var body = RandomNumberGenerator.GetBytes(1000);

        var put = await Assert.ThrowsAsync<StorageException>(() =>
            store.PutAsync($"{settings.Label}/x.JPG", Content(body), "image/jpeg", new Dictionary<string, string>(), CancellationToken.None));
        var head = await Assert.ThrowsAsync<StorageException>(() => store.StatAsync($"{settings.Label}/x.JPG", CancellationToken.None));

        Assert.Equal(StorageFailure.AccessDenied, put.Failure);
        Assert.Contains("SignatureDoesNotMatch", put.Message);
        Assert.Equal(StorageFailure.AccessDenied, head.Failure); // a HEAD has no error body: its 403 says enough
    }

    private static ObjectContent Content(byte[] body) => new(() => new MemoryStream(body, writable: false), body.Length, MD5.HashData(body));

    private static string Sha256(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
