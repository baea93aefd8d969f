using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace AilasKiosk.Storage;

/// <summary>
/// AWS Signature Version 4 in the Authorization header, for the S3 requests the kiosk sends itself
/// (<see cref="S3ObjectRequests"/>). Hand-written because no signing library is served to this project and the
/// Minio SDK does not expose its signer. Checked against the examples of AWS's S3 documentation
/// ("Signature Calculations for the Authorization Header") and against radosgw, which verifies every signature.
/// </summary>
internal sealed class SigV4Signer(string accessKey, string secretKey, string region)
{
    /// <summary>The payload hash that tells the server the body is not part of the signature; Content-MD5 guards it.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>SHA-256 of no bytes: the payload hash of a HEAD or GET.</summary>
    public const string EmptyPayload = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string Service = "s3";

    /// <summary>Headers signed when present, besides host: what an intermediary must not change.</summary>
    private static readonly HashSet<string> SignedWhenPresent = new(StringComparer.Ordinal) { "content-md5", "content-type", "date", "range" };

    /// <summary>
    /// Adds x-amz-date, x-amz-content-sha256 and Authorization to <paramref name="request"/>. Every other header
    /// (x-amz-meta-*, Content-MD5, Content-Type) must be set before, since they are signed.
    /// The request URI's path must already be encoded as S3 wants it (<see cref="EncodeKey"/>); a query string
    /// (a listing's) is signed in its canonical form: names and values decoded, encoded again, sorted.
    /// </summary>
    public void Sign(HttpRequestMessage request, DateTimeOffset now, string payloadHash)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("the request has no URI", nameof(request));
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        request.Headers.Remove("x-amz-date");
        request.Headers.Remove("x-amz-content-sha256");
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);

        var headers = CanonicalHeaders(request, uri);
        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(uri.AbsolutePath).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n')
            .AppendJoin("", headers.Select(h => $"{h.Key}:{h.Value}\n")).Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(payloadHash)
            .ToString();

        var scope = $"{day}/{region}/{Service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signature = Hex(HMACSHA256.HashData(SigningKey(day), Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.Authorization = new AuthenticationHeaderValue(Algorithm,
            $"Credential={accessKey}/{scope},SignedHeaders={signedHeaders},Signature={signature}");
    }

    /// <summary>
    /// An object key as an S3 request path: each segment URI-encoded (RFC 3986 unreserved characters kept,
    /// UTF-8 bytes as %XX), slashes kept. Exactly what is sent and what is signed.
    /// </summary>
    public static string EncodeKey(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    /// <summary>
    /// The query as S3 signs it: each name and value percent-decoded then encoded like a key segment (RFC 3986
    /// unreserved characters kept), a bare name given an empty value, pairs sorted by name then value.
    /// </summary>
    internal static string CanonicalQuery(string query)
    {
        if (query.Length == 0 || query == "?") return "";
        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            return (Name: Uri.EscapeDataString(Uri.UnescapeDataString(name)), Value: Uri.EscapeDataString(Uri.UnescapeDataString(value)));
        });
        return string.Join('&', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    private byte[] SigningKey(string day)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(day));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>host, x-amz-* and the headers of <see cref="SignedWhenPresent"/>: lower-case names, sorted, values trimmed.</summary>
    private static SortedDictionary<string, string> CanonicalHeaders(HttpRequestMessage request, Uri uri)
    {
        // HttpClient sends Host as the URI's authority (the port only when it is not the scheme's default).
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = uri.Authority };
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> all = request.Headers;
        if (request.Content is not null) all = all.Concat(request.Content.Headers);
        foreach (var (name, values) in all)
        {
            var lower = name.ToLowerInvariant();
            if (lower.StartsWith("x-amz-", StringComparison.Ordinal) || SignedWhenPresent.Contains(lower))
                headers[lower] = string.Join(',', values.Select(Trimmed));
        }
        return headers;
    }

    private static string Trimmed(string value) => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
