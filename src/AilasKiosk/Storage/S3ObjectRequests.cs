using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Xml;
using System.Xml.Linq;
using AilasKiosk.Platform;

namespace AilasKiosk.Storage;

/// <summary>
/// The two requests of every photo's way, sent without the Minio SDK: HEAD of an object, and a single PUT with
/// Content-MD5 and an unsigned payload. Minio 7.0.0 sends every object of 5 MiB or more as three multipart
/// requests, HEADs the bucket before each object call, copies each body into fresh arrays and hashes it again to
/// sign it; here one photo is one request, its body is sent from the buffer it was hashed in, and the MD5 of that
/// first read makes the server reject any byte that differs (BadDigest), over http and https alike.
/// </summary>
internal sealed class S3ObjectRequests(HttpClient http, Uri endpoint, string bucket, SigV4Signer signer, TimeSpan requestTimeout, TimeProvider time)
{
    /// <summary>
    /// The slowest upload rate a PUT is given time for (bytes/s), on top of the request timeout: a stalled
    /// connection is cut, a slow one is not.
    /// </summary>
    public const double SlowestUploadBytesPerSecond = 200_000;

    private const string MetadataPrefix = "x-amz-meta-";

    /// <summary>The object's size, ETag and user metadata, or null on 404.</summary>
    public async Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(requestTimeout, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Head, ObjectUri(key));
        signer.Sign(request, time.GetUtcNow(), SigV4Signer.EmptyPayload);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw new S3ResponseException(request, response.StatusCode);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in response.Headers)
            if (name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
                metadata[name[MetadataPrefix.Length..].ToLowerInvariant()] = string.Join(',', values);
        var size = response.Content.Headers.ContentLength
                   ?? throw new S3ResponseException(request, response.StatusCode, "the response has no Content-Length");
        var etag = ETagOf(response) ?? "";
        return new StoredObject(key, size, etag, metadata);
    }

    /// <summary>
    /// One PUT of exactly <paramref name="size"/> bytes. <paramref name="md5"/> is the MD5 of the bytes as first
    /// read: the server stores the object only if the body it receives has that MD5.
    /// </summary>
    /// <param name="condition">A precondition header (If-Match, If-None-Match): false when the server says it no longer holds.</param>
    public async Task<bool> PutAsync(string key, Stream content, long size, byte[] md5, string contentType, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken, (string Header, string Value)? condition = null)
    {
        using var timeout = Timeout(requestTimeout + TimeSpan.FromSeconds(size / SlowestUploadBytesPerSecond), cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Put, ObjectUri(key));
        request.Content = new StreamContent(content);
        request.Content.Headers.ContentLength = size;
        request.Content.Headers.ContentMD5 = md5;
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in metadata)
            request.Headers.TryAddWithoutValidation(MetadataPrefix + name, AsciiHeaderValue(value));
        if (condition is { } c)
            request.Headers.TryAddWithoutValidation(c.Header, c.Value);
        signer.Sign(request, time.GetUtcNow(), SigV4Signer.UnsignedPayload);
        CrashPoint.Reached(CrashPoint.Put);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (condition is { } judged && (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict
                                         || (response.StatusCode == HttpStatusCode.NotFound && judged.Header == "If-Match")))
            return false; // another writer came in between (409: AWS's word for a race; 404: deleted since it was read)
        if (!response.IsSuccessStatusCode) throw new S3ResponseException(request, response.StatusCode);
        return true;
    }

    /// <summary>
    /// GET of a small object (a status document): null on 404; never reads more than <paramref name="maxBytes"/> of
    /// its body, whatever its Content-Length claims (<see cref="SmallObject.TooLarge"/> then).
    /// </summary>
    public async Task<SmallObject?> GetSmallAsync(string key, int maxBytes, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(requestTimeout, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, ObjectUri(key));
        signer.Sign(request, time.GetUtcNow(), SigV4Signer.EmptyPayload);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw new S3ResponseException(request, response.StatusCode);
        var claimed = response.Content.Headers.ContentLength;
        var etag = ETagOf(response);
        if (claimed > maxBytes) return new SmallObject(key, [], claimed.Value, TooLarge: true, etag);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), timeout.Token)) > 0)
            read += n;
        return read > maxBytes
            ? new SmallObject(key, [], claimed ?? read, TooLarge: true, etag)
            : new SmallObject(key, buffer[..read], read, TooLarge: false, etag);
    }

    /// <summary>The objects under <paramref name="prefix"/> (ListObjectsV2, page after page), at most <paramref name="maxKeys"/>.</summary>
    public async Task<IReadOnlyList<ListedObject>> ListAsync(string prefix, int maxKeys, CancellationToken cancellationToken)
    {
        var listed = new List<ListedObject>();
        string? token = null;
        do
        {
            using var timeout = Timeout(requestTimeout, cancellationToken);
            var query = $"list-type=2&prefix={Uri.EscapeDataString(prefix)}"
                        + (token is null ? "" : $"&continuation-token={Uri.EscapeDataString(token)}");
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{endpoint.GetLeftPart(UriPartial.Authority)}/{bucket}?{query}");
            signer.Sign(request, time.GetUtcNow(), SigV4Signer.EmptyPayload);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) throw new S3ResponseException(request, response.StatusCode);
            XDocument page;
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                page = await XDocument.LoadAsync(body, LoadOptions.None, timeout.Token);
            }
            catch (XmlException e)
            {
                throw new S3ResponseException(request, response.StatusCode, $"the listing is not XML: {e.Message}");
            }
            // Elements by local name: servers differ in the namespace they declare (DESIGN.md §8, Listing).
            var root = page.Root!;
            foreach (var item in root.Elements().Where(e => e.Name.LocalName == "Contents"))
            {
                string? Field(string name) => item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
                if (Field("Key") is not { } key) continue;
                listed.Add(new ListedObject(key,
                    long.TryParse(Field("Size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0,
                    DateTimeOffset.TryParse(Field("LastModified"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified) ? modified : null));
                if (listed.Count >= maxKeys) return listed;
            }
            var truncated = root.Elements().FirstOrDefault(e => e.Name.LocalName == "IsTruncated")?.Value == "true";
            token = truncated ? root.Elements().FirstOrDefault(e => e.Name.LocalName == "NextContinuationToken")?.Value : null;
        }
        while (token is { Length: > 0 });
        return listed;
    }

    /// <summary>The ETag unquoted; also when a server sends it unquoted, which .NET's parser refuses.</summary>
    private static string? ETagOf(HttpResponseMessage response) =>
        response.Headers.ETag?.Tag.Trim('"') ?? (response.Headers.TryGetValues("ETag", out var raw) ? raw.First().Trim('"') : null);

    private Uri ObjectUri(string key) => new($"{endpoint.GetLeftPart(UriPartial.Authority)}/{bucket}/{SigV4Signer.EncodeKey(key)}");

    private static CancellationTokenSource Timeout(TimeSpan after, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(after);
        return source;
    }

    /// <summary>
    /// Header values travel as ASCII (HTTP sends other characters as Latin-1 or refuses them, and the signature
    /// would then cover other bytes than those sent): anything else is percent-encoded as UTF-8.
    /// </summary>
    internal static string AsciiHeaderValue(string value) =>
        value.All(c => c is >= ' ' and <= '~') ? value : Uri.EscapeDataString(value);
}

/// <summary>An S3 response with an error status; <see cref="S3WireHandler"/> has recorded its code for classification.</summary>
internal sealed class S3ResponseException(HttpRequestMessage request, HttpStatusCode status, string? detail = null)
    : Exception($"{request.Method} {request.RequestUri?.AbsolutePath}: HTTP {(int)status}{(detail is null ? "" : $", {detail}")}")
{
    public HttpStatusCode Status { get; } = status;
}
