using System.Net;
using System.Net.Http.Headers;
using AilasKiosk.Configuration;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Notify;

/// <summary>
/// POSTs one report to the webhook: a bounded number of attempts, each with its own time limit, with a growing
/// pause between them. A report that cannot be delivered costs one log line, never an exception.
/// </summary>
internal sealed class WebhookSender(HttpClient http, Uri url, NotifyOptions options, TimeProvider time, ILogger<WebhookSender> log)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public string Address { get; } = WebhookAddress.ForLog(url);

    /// <summary>A client for the webhook alone: no redirects (a POST must not wander off with its body), no pooled connection kept for long.</summary>
    public static HttpClient CreateClient(NotifyOptions options, string version)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            // Each attempt has its own limit (a cancellation token); the client's own would be the same, only less clear.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ailas-kiosk", version));
        return client;
    }

    /// <returns>True once the webhook answered 2xx; false when every attempt failed or it refused the report.</returns>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled (the process exits).</exception>
    public async Task<bool> SendAsync(Notice notice, CancellationToken cancellationToken)
    {
        using var scope = notice.Session is null ? null : log.BeginScope(new Dictionary<string, object> { ["Session"] = notice.Session });
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var error = "";
        for (var attempt = 1; attempt <= options.Attempts; attempt++)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                using var content = new ByteArrayContent(notice.Body);
                content.Headers.ContentType = Json;
                using var response = await http.PostAsync(url, content, limit.Token);
                if (response.IsSuccessStatusCode)
                {
                    log.LogInformation("Webhook {Webhook}: {Subject} delivered", Address, notice.Subject);
                    return true;
                }
                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                if (IsRefusal(response.StatusCode))
                    break; // a wrong URL or token: asking again gives the same answer
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"no answer within {timeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                error = WebhookAddress.Scrub(e.Message, url);
            }
            log.LogDebug("Webhook {Webhook}: attempt {Attempt} of {Attempts} for the {Subject} failed: {Error}",
                Address, attempt, options.Attempts, notice.Subject, error);
            if (attempt < options.Attempts)
                await Task.Delay(TimeSpan.FromSeconds(options.RetryDelaySeconds * Math.Pow(2, attempt - 1)), time, cancellationToken);
        }
        log.LogWarning("Webhook {Webhook}: {Subject} not delivered, given up: {Error}; the kiosk goes on without it", Address, notice.Subject, error);
        return false;
    }

    /// <summary>4xx but timeouts and rate limits: the webhook will not take this report, however often it is sent.</summary>
    private static bool IsRefusal(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
}
