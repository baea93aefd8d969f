using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AilasKiosk.CardFactory;
using AilasKiosk.Cli;
using AilasKiosk.Configuration;
using AilasKiosk.Health;
using AilasKiosk.Status;
using AilasKiosk.Storage;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Storage;

/// <summary>
/// The storage's TLS trust is one for every connection to it: the clock check reads the server's Date over https
/// with the private CA of Storage:CaCertificateFile, as the uploads do, and trusts nothing else (a real TLS server
/// on loopback, its CA made by the test).
/// </summary>
public class StorageTrustTests
{

    [Fact]
    public async Task The_clock_check_reads_the_servers_time_through_the_configured_private_CA()
    {
        await using var server = TlsServer.Start(ahead: TimeSpan.FromHours(2));
        using var clock = new ServerClock(new StorageOptions { Endpoint = server.Endpoint, CaCertificateFile = server.CaFile });

        var read = await clock.ReadAsync(CancellationToken.None);

        Assert.NotNull(read);
        Assert.InRange(read.Value - DateTimeOffset.UtcNow, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, server.Requests);
        // And so the check sees the two hours this kiosk is behind, instead of "not compared".
        var check = ClockCheck.Evaluate(DateTimeOffset.UtcNow, read, new HealthOptions());
        Assert.Equal(CheckState.Failing, check.State);
        Assert.Contains("behind the storage server", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_signed_by_an_unknown_CA_is_not_trusted_by_the_clock_check_either()
    {
        await using var server = TlsServer.Start();
        await using var other = TlsServer.Start();

        using var systemStore = new ServerClock(new StorageOptions { Endpoint = server.Endpoint });
        using var otherCa = new ServerClock(new StorageOptions { Endpoint = server.Endpoint, CaCertificateFile = other.CaFile });

        Assert.Null(await systemStore.ReadAsync(CancellationToken.None));
        Assert.Null(await otherCa.ReadAsync(CancellationToken.None));
        Assert.Equal(0, server.Requests); // refused at the handshake: not one request sent to it
    }
}

/// <summary>
/// A refused certificate is its own problem, never "storage unreachable": which one, and its fix, in the storage
/// check that `doctor`, `status` and the display take, and in `offload`'s exit code. Real TLS handshakes against
/// a loopback server whose certificate is wrong in one way each.
/// </summary>
public class CertificateProblemTests
{
    private static StorageOptions Options(TlsServer server, bool trustItsCa = true) => new()
    {
        Endpoint = server.Endpoint,
        Bucket = "ailas-upload",
        AccessKey = "kiosk",
        SecretKey = "secret",
        CaCertificateFile = trustItsCa ? server.CaFile : null,
        ConnectTimeoutSeconds = 5,
        RequestTimeoutSeconds = 10,
    };

    /// <summary>The environment of an `ailas-kiosk` process whose storage is <paramref name="server"/>.</summary>
    private static Dictionary<string, string> KioskEnvironment(TlsServer server, string stateDirectory) => new()
    {
        ["AILAS_Storage__Endpoint"] = server.Endpoint,
        ["AILAS_Storage__Bucket"] = "ailas-upload",
        ["AILAS_Storage__AccessKey"] = "kiosk",
        ["AILAS_Storage__SecretKey"] = "secret",
        ["AILAS_Storage__ConnectTimeoutSeconds"] = "5",
        ["AILAS_State__Directory"] = stateDirectory,
    };

    [Theory]
    [InlineData(TlsServer.Flaw.None, false, ProblemKind.StorageUntrusted,
        "is signed by a CA this kiosk does not trust. Fix: give that CA's certificate in Storage:CaCertificateFile")]
    [InlineData(TlsServer.Flaw.OtherName, true, ProblemKind.StorageWrongName,
        "is made for storage.example.org, not for 127.0.0.1 (the host of Storage:Endpoint). Fix: use in Storage:Endpoint a name")]
    [InlineData(TlsServer.Flaw.Expired, true, ProblemKind.StorageCertificateExpired, "the storage's certificate expired on")]
    [InlineData(TlsServer.Flaw.NotYetValid, true, ProblemKind.StorageCertificateNotYetValid,
        "most likely the clock is behind (a Pi has no real-time clock). Fix: check time sync (timedatectl)")]
    public async Task Each_refused_certificate_is_told_with_its_fix_and_never_as_unreachable(TlsServer.Flaw flaw, bool trustItsCa, ProblemKind kind, string expected)
    {
        await using var server = TlsServer.Start(flaw: flaw);
        using var store = new MinioObjectStore(Options(server, trustItsCa));

        var check = await new HealthChecks(new KioskOptions { Storage = Options(server, trustItsCa) }, store, new ServerClock(Options(server, trustItsCa)),
            TimeProvider.System).CheckAsync(CancellationToken.None);

        Assert.Equal((CheckState.Failing, kind), (check.Storage.State, check.Storage.Problem));
        Assert.Contains(expected, check.Storage.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", check.Storage.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, server.Requests); // nothing sent to a server not trusted: not the credentials, not a byte
    }

    /// <summary>A handshake that fails for another reason than a certificate (here, a server that is not TLS at all) stays "unreachable".</summary>
    [Fact]
    public async Task A_handshake_that_fails_without_a_refused_certificate_is_unreachable_and_an_old_refusal_never_names_it()
    {
        using var notTls = new TcpListener(IPAddress.Loopback, 0);
        notTls.Start();
        var answering = Task.Run(async () =>
        {
            using var client = await notTls.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray());
        });
        var endpoint = $"https://127.0.0.1:{((IPEndPoint)notTls.LocalEndpoint).Port}";
        using var store = new MinioObjectStore(new StorageOptions { Endpoint = endpoint, Bucket = "ailas-upload", AccessKey = "k", SecretKey = "s", ConnectTimeoutSeconds = 5 });

        var error = await Assert.ThrowsAsync<StorageException>(() => store.CheckAccessAsync(CancellationToken.None));
        await answering;

        Assert.Equal(StorageFailure.Unreachable, error.Failure);
        var witness = new CertificateWitness();
        var before = Stopwatch.GetTimestamp();
        witness.Saw(new CertificateRefusal(CertificateProblem.Expired, "127.0.0.1", "CN=127.0.0.1", DateTime.UtcNow.AddDays(-30), DateTime.UtcNow.AddDays(-1)));
        var after = Stopwatch.GetTimestamp();
        Assert.NotNull(witness.Since(before));
        Assert.Null(witness.Since(after)); // a call that began after it is not told "expired"
    }

    [Fact]
    public async Task The_certificate_this_kiosk_trusts_passes_the_handshake()
    {
        await using var server = TlsServer.Start();
        using var store = new MinioObjectStore(Options(server));

        // The test server answers 200 to anything: to the bucket check, the bucket exists.
        await store.CheckAccessAsync(CancellationToken.None);

        Assert.True(server.Requests > 0);
    }

    /// <summary>
    /// A CA in the system's store (as a public CA, or a private one added with update-ca-certificates) is trusted
    /// without Storage:CaCertificateFile. The store here is OpenSSL's, pointed at the test's CA with SSL_CERT_FILE
    /// for that process alone, so the machine's own store is left as it is.
    /// </summary>
    [Fact]
    public async Task A_CA_in_the_system_store_is_trusted_without_a_setting_and_doctor_says_which_CA_is_missing()
    {
        await using var server = TlsServer.Start();
        using var state = new TempDirectory();
        var env = KioskEnvironment(server, state.Path);

        var withoutTheCa = await KioskProcess.RunAsync(env, "doctor");
        env["SSL_CERT_FILE"] = server.CaFile;
        var withTheCa = await KioskProcess.RunAsync(env, "doctor");

        static string Line(KioskProcess.Result run, string check) =>
            run.Stdout.Split('\n').FirstOrDefault(l => l.Length > 6 && l[6..].StartsWith(check + " ", StringComparison.Ordinal)) ?? run.Stdout + run.Stderr;
        Assert.StartsWith("FAIL", Line(withoutTheCa, "storage"), StringComparison.Ordinal);
        Assert.Contains("is signed by a CA this kiosk does not trust. Fix: give that CA's certificate in Storage:CaCertificateFile, or add it to the system's CA store",
            Line(withoutTheCa, "storage"), StringComparison.Ordinal);
        Assert.StartsWith("OK", Line(withTheCa, "storage"), StringComparison.Ordinal);
        Assert.StartsWith("OK", Line(withTheCa, "clock"), StringComparison.Ordinal);
        Assert.Contains("in step with the storage server", Line(withTheCa, "clock"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TlsServer.Flaw.None, false, ExitCodes.StorageUntrusted, "is signed by a CA this kiosk does not trust")]
    [InlineData(TlsServer.Flaw.OtherName, true, ExitCodes.StorageWrongName, "is made for storage.example.org")]
    [InlineData(TlsServer.Flaw.Expired, true, ExitCodes.StorageCertificateExpired, "expired on")]
    [InlineData(TlsServer.Flaw.NotYetValid, true, ExitCodes.StorageCertificateNotYetValid, "most likely the clock is behind")]
    public async Task Offload_against_a_server_whose_certificate_is_refused_exits_with_that_faults_code_and_says_why(
        TlsServer.Flaw flaw, bool trustItsCa, int exitCode, string expected)
    {
        await using var server = TlsServer.Start(flaw: flaw);
        using var state = new TempDirectory();
        var card = state.Sub("card");
        GoProCard.Realistic(CameraProfile.Hero10("C3471325208909"), photos: 2, seed: 15, minBytes: 100_000, maxBytes: 200_000).WriteTo(card);
        var env = KioskEnvironment(server, state.Sub("state"));
        if (trustItsCa) env["AILAS_Storage__CaCertificateFile"] = server.CaFile;
        env["AILAS_Cameras__C3471325208909"] = "AILAS-07";

        var run = await KioskProcess.RunAsync(env, "offload", card);

        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("storage not trusted: the storage's certificate ", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Directory.EnumerateFiles(card, "*.JPG", SearchOption.AllDirectories).Count()); // nothing wiped
        Assert.Equal(0, server.Requests);
    }
}
