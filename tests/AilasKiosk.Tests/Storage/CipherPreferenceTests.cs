using System.Net.Security;
using AilasKiosk.Configuration;
using AilasKiosk.Storage;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Storage;

/// <summary>
/// On a CPU without AES instructions (a Pi 4) the kiosk asks for ChaCha20-Poly1305 first and gets it from a server
/// that honours the client's order, as radosgw (OpenSSL) does; with AES instructions it keeps the platform's
/// AES-GCM. Real handshakes with the test S3 server's HTTPS endpoint; the cipher is the one the kiosk reports.
/// </summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class CipherPreferenceTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Theory]
    [InlineData(false, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256)]
    [InlineData(true, TlsCipherSuite.TLS_AES_256_GCM_SHA384)]
    public async Task The_cipher_asked_for_first_follows_the_CPU_and_the_server_takes_it(bool cpuHasAes, TlsCipherSuite expected)
    {
        var witness = new CertificateWitness();
        using var http = new HttpClient(StorageTrust.Handler(
            new StorageOptions { Endpoint = _s3.HttpsEndpoint, CaCertificateFile = _s3.CaFile }, cpuHasAes, witness, null));

        using var response = await http.GetAsync(_s3.HttpsEndpoint + "/");

        Assert.Equal(new TlsHandshake(System.Security.Authentication.SslProtocols.Tls13, expected), witness.LastHandshake);
    }

    [Fact]
    public async Task Doctor_names_the_cipher_and_a_kiosk_without_AES_instructions_gets_ChaCha20()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208940", KioskSettings.NewLabel("TLS"));

        var withAes = await KioskProcess.RunAsync(settings.AsEnvironment(), "doctor");
        // DOTNET_EnableAES=0: .NET reports no AES instructions, as on a Pi 4's Cortex-A72.
        var withoutAes = await KioskProcess.RunAsync(settings.AsEnvironment().Append(KeyValuePair.Create("DOTNET_EnableAES", "0")), "doctor");

        Assert.Matches($@"(?m)^OK +storage +{_s3.HttpsEndpoint}/{_s3.Bucket} reachable, bucket readable \(TLS 1\.3 TLS_AES_(128|256)_GCM_SHA(256|384)\)$", withAes.Stdout);
        Assert.Matches($@"(?m)^OK +storage +{_s3.HttpsEndpoint}/{_s3.Bucket} reachable, bucket readable \(TLS 1\.3 TLS_CHACHA20_POLY1305_SHA256\)$", withoutAes.Stdout);
        var plain = await KioskProcess.RunAsync(settings.OverPlainHttp(_s3).AsEnvironment(), "doctor");
        Assert.Matches($@"(?m)^OK +storage +{_s3.HttpEndpoint}/{_s3.Bucket} reachable, bucket readable$", plain.Stdout);
    }
}
