using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AilasKiosk.Tests.Notify;

/// <summary>
/// A real HTTP/1.1 server on loopback (a TcpListener: no Kestrel, no mock of HttpClient) that records every request
/// the kiosk's webhook sends and answers with <see cref="Status"/>, or holds the request unanswered while
/// <see cref="Hold"/> is set (a webhook that hangs).
/// </summary>
internal sealed class WebhookListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _attempts;

    public sealed record Received(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    public WebhookListener(HttpStatusCode status = HttpStatusCode.NoContent, bool hold = false)
    {
        Status = status;
        Hold = hold;
        _listener.Start();
        _ = AcceptAsync();
    }

    public HttpStatusCode Status { get; set; }
    public bool Hold { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The URL the kiosk is given: with a token in its path and query, as webhook services hand them out.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hooks/SECRET-PATH-TOKEN?key=SECRET-QUERY-TOKEN";

    /// <summary>Requests whose body arrived in full, in order; held ones included.</summary>
    public IReadOnlyList<Received> Requests => [.. _received];

    /// <summary>Requests begun, answered or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>A port nothing listens on: a webhook that is down.</summary>
    public static string DownUrl()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}/hooks/SECRET-PATH-TOKEN?key=SECRET-QUERY-TOKEN";
    }

    /// <summary>Lets held requests be answered.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Polls until <paramref name="condition"/> holds, for at most <paramref name="seconds"/>; fails the test naming <paramref name="what"/>.</summary>
    public static async Task WaitForAsync(Func<bool> condition, string what, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"not seen within {seconds} s: {what}");
            await Task.Delay(20);
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                if (head is null)
                    return;
                Interlocked.Increment(ref _attempts);
                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
                    .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(),
                        StringComparer.OrdinalIgnoreCase);
                var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
                var body = new byte[length];
                await stream.ReadExactlyAsync(body, _stop.Token);
                _received.Enqueue(new Received(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body)));
                if (Hold)
                    await _released.Task.WaitAsync(_stop.Token);
                var status = (int)Status;
                var answer = $"HTTP/1.1 {status} {(HttpStatusCode)status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The request line and headers, up to the empty line; null when the client went away first.</summary>
    private async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
                return null;
            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
                return Encoding.ASCII.GetString([.. head]);
        }
        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
