using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// A loopback HTTPS server with a private CA made for the test (ECDSA P-256, the certificate naming 127.0.0.1):
/// real TLS handshakes, and every request answered "200" with a Date header that many seconds ahead of this clock. Enough for what talks to the
/// storage before S3 does: the TLS trust, and the server's clock.
/// </summary>
public sealed class TlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly TimeSpan _ahead;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly TempDirectory _dir = new("ailas-tls");
    private int _requests;

    private TlsServer(X509Certificate2 ca, X509Certificate2 certificate, TimeSpan ahead)
    {
        _certificate = certificate;
        _ahead = ahead;
        CaFile = Path.Combine(_dir.Path, "ca.pem");
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The CA's certificate, PEM: what Storage:CaCertificateFile names.</summary>
    public string CaFile { get; }

    /// <summary>Requests answered: a handshake refused by the client never gets here.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>What is wrong with the server's certificate, when the test wants something wrong.</summary>
    public enum Flaw { None, OtherName, Expired, NotYetValid }

    /// <param name="ahead">How far the server's clock is ahead of this machine's (negative: behind).</param>
    public static TlsServer Start(TimeSpan ahead = default, Flaw flaw = Flaw.None)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=AilasKiosk test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-60), now.AddDays(60));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(flaw == Flaw.OtherName ? "CN=storage.example.org" : "CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (flaw == Flaw.OtherName)
            names.AddDnsName("storage.example.org");
        else
            names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server authentication
        var (from, until) = flaw switch
        {
            Flaw.Expired => (now.AddDays(-30), now.AddDays(-1)),
            Flaw.NotYetValid => (now.AddDays(1), now.AddDays(30)),
            _ => (now.AddHours(-1), now.AddDays(7)),
        };
        using var signed = request.Create(ca, from, until, RandomNumberGenerator.GetBytes(8));
        return new TlsServer(X509CertificateLoader.LoadCertificate(ca.RawData), signed.CopyWithPrivateKey(key), ahead);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await tls.ReadAsync(buffer, _stop.Token);
                    if (n == 0) return;
                    head.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                Interlocked.Increment(ref _requests);
                var answer = $"HTTP/1.1 200 OK\r\nDate: {DateTime.UtcNow + _ahead:R}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                await tls.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                // The client refused the certificate, or went away: nothing to answer.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _certificate.Dispose();
        _stop.Dispose();
        _dir.Dispose();
    }
}
