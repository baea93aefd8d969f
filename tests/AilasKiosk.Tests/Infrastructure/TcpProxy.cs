using System.Net;
using System.Net.Sockets;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of radosgw. Cutting it is the storage server going away for the kiosk
/// (connections reset, new ones refused) without stopping the server the other tests share.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _cut = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private long _forwarded;

    /// <param name="port">0: any free port. A cut proxy's port: the same server coming back.</param>
    public TcpProxy(Uri target, long cutAfterUploadBytes = long.MaxValue, int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        CutAfterUploadBytes = cutAfterUploadBytes;
        _listener.Start();
        // Same scheme as the target: TLS passes through untouched, and radosgw's certificate names 127.0.0.1.
        Endpoint = $"{target.Scheme}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>Client-to-server bytes after which the proxy cuts every connection and refuses new ones.</summary>
    public long CutAfterUploadBytes { get; }

    public string Endpoint { get; }

    public int Port => new Uri(Endpoint).Port;

    public bool IsCut => _cut.IsCancellationRequested;

    public Task Cut()
    {
        if (!_cut.IsCancellationRequested)
        {
            _cut.Cancel();
            _listener.Stop();
            lock (_clients) foreach (var c in _clients) c.Close();
        }
        return Task.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (!_cut.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_cut.Token); }
            catch (Exception) { return; }
            var server = new TcpClient();
            try { await server.ConnectAsync(_target, _cut.Token); }
            catch (Exception) { client.Close(); continue; }
            lock (_clients) { _clients.Add(client); _clients.Add(server); }
            _ = PumpAsync(client.GetStream(), server.GetStream(), countUpload: true);
            _ = PumpAsync(server.GetStream(), client.GetStream(), countUpload: false);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool countUpload)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _cut.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _cut.Token);
                if (countUpload && Interlocked.Add(ref _forwarded, read) >= CutAfterUploadBytes)
                    await Cut();
            }
        }
        catch (Exception)
        {
            // A cut or a closed peer ends the pump.
        }
        finally
        {
            from.Socket.Close();
            to.Socket.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cut();
        try { await _accepting; } catch (Exception) { }
    }
}
