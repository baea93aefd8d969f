namespace AilasKiosk.Notify;

/// <summary>
/// How the webhook is named in logs: scheme, host and a non-default port only. Its user info, path and query may
/// carry a token (many webhook services put the secret in the path), so they never reach a log line.
/// </summary>
internal static class WebhookAddress
{
    public static string ForLog(Uri url) => url.IsDefaultPort ? $"{url.Scheme}://{url.Host}" : $"{url.Scheme}://{url.Host}:{url.Port}";

    /// <summary>An error text with any spelling of the URL replaced by its loggable form (HttpClient's messages rarely hold it; never trust that).</summary>
    public static string Scrub(string message, Uri url)
    {
        var safe = ForLog(url);
        foreach (var spelling in new[] { url.OriginalString, url.AbsoluteUri, url.PathAndQuery, url.UserInfo }.Where(s => s.Length > 1))
            message = message.Replace(spelling, spelling == url.PathAndQuery || spelling == url.UserInfo ? "…" : safe, StringComparison.Ordinal);
        return message;
    }
}
