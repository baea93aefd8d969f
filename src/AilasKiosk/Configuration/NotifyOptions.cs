namespace AilasKiosk.Configuration;

/// <summary>Session reports and problems pushed to a webhook (README "Session reports (webhook)"). Off when no URL is set.</summary>
internal sealed class NotifyOptions
{
    /// <summary>
    /// Absolute http(s) URL that receives one JSON POST per finished session and per problem that needs a person.
    /// It may carry a token (in its path, query or user info): only its scheme and host are ever logged.
    /// </summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Attempts per report; after the last one the report is dropped with one log line.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>Limit of one attempt (connect and answer); also how long (5 s at most) an exit waits for reports still queued.</summary>
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>First pause between attempts, doubled after each.</summary>
    public double RetryDelaySeconds { get; set; } = 1;

    public bool IsEnabled => WebhookUrl.Length > 0;

    /// <summary>The URL, once validated; null when notifications are off.</summary>
    public Uri? Webhook => IsEnabled ? new Uri(WebhookUrl, UriKind.Absolute) : null;

    /// <summary>Throws <see cref="ConfigurationException"/>; never repeats the URL, which may hold a secret.</summary>
    public static void Validate(NotifyOptions n)
    {
        if (n.WebhookUrl.Length > 0 && (!Uri.TryCreate(n.WebhookUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0))
            throw new ConfigurationException("Notify:WebhookUrl",
                "must be an absolute http:// or https:// URL, e.g. https://hooks.example.org/ailas (the value is not shown: it may hold a token)");
        if (n.Attempts is < 1 or > 10)
            throw new ConfigurationException("Notify:Attempts", "must be between 1 and 10");
        if (n.TimeoutSeconds is < 0.1 or > 60)
            throw new ConfigurationException("Notify:TimeoutSeconds", "must be between 0.1 and 60");
        if (n.RetryDelaySeconds is < 0 or > 60)
            throw new ConfigurationException("Notify:RetryDelaySeconds", "must be between 0 and 60");
    }
}
