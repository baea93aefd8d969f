using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using AilasKiosk.Platform;

namespace AilasKiosk.Storage;

/// <summary>
/// Sits between the S3 clients and the network. It adds Content-MD5 to every PUT body that lacks one (the
/// SDK's multipart parts), so the server rejects a corrupted payload with BadDigest even over https (where the
/// SDK signs UNSIGNED-PAYLOAD); and it records the
/// last S3 error response, because the SDK often turns Ceph's errors (no Message element, empty 5xx bodies)
/// into ArgumentNullException or NullReferenceException and loses the status and code.
/// </summary>
internal sealed class S3WireHandler : DelegatingHandler
{
    private const int MaxErrorBody = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Put && request.Content is { Headers.ContentMD5: null } content)
        {
            // The SDK sends a ReadOnlyMemoryContent: hashing its stream reads the memory without copying it.
            await using (var body = await content.ReadAsStreamAsync(cancellationToken))
#pragma warning disable CA5351 // S3's Content-MD5 is MD5 by protocol: it guards the transfer; SHA-256 proves the content.
                content.Headers.ContentMD5 = await MD5.HashDataAsync(body, cancellationToken);
#pragma warning restore CA5351
            CrashPoint.Reached(CrashPoint.Put);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            S3ErrorCapture.Record(request, response.StatusCode, await ReadErrorCodeAsync(response, cancellationToken));
        return response;
    }

    private static async Task<string?> ReadErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is null or 0 or > MaxErrorBody) return null;
        // Buffered so that the SDK can still read the body after us.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return XDocument.Parse(text).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}

/// <summary>The last S3 error seen during one storage call (flows with the call through an AsyncLocal holder).</summary>
internal sealed class S3ErrorCapture
{
    private static readonly AsyncLocal<S3ErrorCapture?> Current = new();

    public HttpStatusCode? Status { get; private set; }
    public string? Code { get; private set; }
    public string? Request { get; private set; }

    /// <summary>Starts capturing for the calls made from here on in this async flow.</summary>
    public static S3ErrorCapture Begin() => Current.Value = new S3ErrorCapture();

    internal static void Record(HttpRequestMessage request, HttpStatusCode status, string? code)
    {
        if (Current.Value is not { } capture) return;
        capture.Status = status;
        capture.Code = code;
        capture.Request = $"{request.Method} {request.RequestUri?.AbsolutePath}";
    }

    public override string ToString() => Status is null ? "no error response" : $"HTTP {(int)Status} {Code ?? "(no code)"} on {Request}";
}
