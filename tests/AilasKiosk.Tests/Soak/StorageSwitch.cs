using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Soak;

/// <summary>The storage server as the kiosk reaches it: a TCP proxy that the soak cuts (connections reset) and restores on the same port.</summary>
internal sealed class StorageSwitch(Uri server) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private TcpProxy _proxy = new(server);

    public string Endpoint => _proxy.Endpoint;
    public int Cuts { get; private set; }

    public async Task CutAsync()
    {
        TcpProxy proxy;
        lock (_lock) proxy = _proxy;
        await proxy.Cut();
        Cuts++;
    }

    public async Task RestoreAsync()
    {
        lock (_lock)
        {
            if (!_proxy.IsCut) return;
        }
        var port = _proxy.Port;
        await _proxy.DisposeAsync();
        lock (_lock) _proxy = new TcpProxy(server, port: port);
    }

    public ValueTask DisposeAsync() => _proxy.DisposeAsync();
}
