using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AilasKiosk.Configuration;

namespace AilasKiosk.Storage;

/// <summary>
/// Which storage servers the kiosk trusts over https: those the system's CA store vouches for, or, with
/// Storage:CaCertificateFile, those that CA signed. Every connection to the storage takes it from here (the object
/// store and the clock check alike), so a private CA never works for one and silently fails the other. A refused
/// certificate is told to the <see cref="CertificateWitness"/>, so that the error says why instead of "unreachable",
/// and so is the cipher an accepted one settled on. Never more lenient than .NET's own check: the verdict is the
/// platform's, only its reason is kept. The cipher order is <see cref="CipherPreference"/>'s.
/// </summary>
internal static class StorageTrust
{
    /// <summary>A handler for the storage endpoint: its connect timeout, and the trust above.</summary>
    public static SocketsHttpHandler Handler(StorageOptions options, CertificateWitness? witness = null, TimeSpan? pooledConnectionLifetime = null) =>
        Handler(options, CipherPreference.CpuHasAes, witness, pooledConnectionLifetime);

    internal static SocketsHttpHandler Handler(StorageOptions options, bool cpuHasAes, CertificateWitness? witness, TimeSpan? pooledConnectionLifetime)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds) };
        if (pooledConnectionLifetime is { } lifetime)
            handler.PooledConnectionLifetime = lifetime;
        var endpoint = new Uri(options.Endpoint);
        if (endpoint.Scheme != Uri.UriSchemeHttps)
            return handler;
        var host = endpoint.Host;
        X509Certificate2? ca = options.CaCertificateFile is { Length: > 0 } caFile ? X509CertificateLoader.LoadCertificateFromFile(caFile) : null;
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                var problem = Judge(certificate, chain, errors, ca, host);
                if (problem is not null)
                    witness?.Saw(problem);
                else if (sender is SslStream tls)
                    witness?.Negotiated(new TlsHandshake(tls.SslProtocol, tls.NegotiatedCipherSuite));
                return problem is null;
            },
        };
        CipherPreference.Apply(handler.SslOptions, cpuHasAes);
        return handler;
    }

    /// <summary>
    /// Null when the certificate is trusted. With <paramref name="ca"/>, it must chain to that CA alone; without,
    /// .NET's verdict against the system store stands. Either way it must name the endpoint's host.
    /// </summary>
    internal static CertificateRefusal? Judge(X509Certificate? certificate, X509Chain? systemChain, SslPolicyErrors errors, X509Certificate2? ca, string host)
    {
        if (certificate is null)
            return new CertificateRefusal(CertificateProblem.Invalid, host, "", default, default, "the server sent no certificate");
        using var leaf = new X509Certificate2(certificate);
        X509ChainStatusFlags status;
        if (ca is null)
        {
            if (errors == SslPolicyErrors.None) return null;
            status = Flags(systemChain);
        }
        else
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            var trusted = chain.Build(leaf);
            if (trusted && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0) return null;
            status = trusted ? X509ChainStatusFlags.NoError : Flags(chain);
            errors = trusted ? SslPolicyErrors.RemoteCertificateNameMismatch : errors | SslPolicyErrors.RemoteCertificateChainErrors;
        }
        var problem = (status & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0 ? CertificateProblem.UnknownAuthority
            : (status & X509ChainStatusFlags.NotTimeValid) != 0 ? (DateTime.Now < leaf.NotBefore ? CertificateProblem.NotYetValid : CertificateProblem.Expired)
            : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 ? CertificateProblem.NameMismatch
            : CertificateProblem.Invalid;
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(ip => ip.ToString()))).ToList();
        return new CertificateRefusal(problem, host, leaf.Subject, leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime(),
            problem == CertificateProblem.Invalid ? $"{errors}; {status}" : null, names);
    }

    private static X509ChainStatusFlags Flags(X509Chain? chain) =>
        chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
}

/// <summary>Why the storage server's certificate was refused: each has its own fix.</summary>
internal enum CertificateProblem
{
    /// <summary>Signed by a CA the kiosk does not know: Storage:CaCertificateFile, or the system's CA store.</summary>
    UnknownAuthority,
    /// <summary>Made for another name than Storage:Endpoint's host.</summary>
    NameMismatch,
    /// <summary>Past its end date, by this kiosk's clock.</summary>
    Expired,
    /// <summary>Before its start date, by this kiosk's clock: most often a Pi without a real-time clock, booted in the past.</summary>
    NotYetValid,
    /// <summary>Anything else (a broken chain, a wrong usage): the details are kept.</summary>
    Invalid,
}

/// <param name="Detail">For <see cref="CertificateProblem.Invalid"/>: what .NET reported.</param>
/// <param name="Names">The host names and addresses the certificate is made for (its subject alternative names).</param>
/// <param name="Host">The host of Storage:Endpoint, which the certificate must name.</param>
internal sealed record CertificateRefusal(CertificateProblem Problem, string Host, string Subject, DateTime NotBefore, DateTime NotAfter, string? Detail = null,
    IReadOnlyList<string>? Names = null)
{
    // The certificate is the server's text: printed escaped, and cut.
    private string Who => Fleet.Printable.Of(Subject, 120);

    private string For => Names is { Count: > 0 } ? Fleet.Printable.Of(string.Join(", ", Names), 200) : "no name";

    /// <summary>What is wrong and what fixes it, in one sentence for `doctor`, the log and `status`.</summary>
    public string Sentence(DateTimeOffset now) => Problem switch
    {
        CertificateProblem.UnknownAuthority =>
            $"the storage's certificate ({Who}) is signed by a CA this kiosk does not trust. Fix: give that CA's certificate in Storage:CaCertificateFile, or add it to the system's CA store (update-ca-certificates)",
        CertificateProblem.NameMismatch =>
            $"the storage's certificate is made for {For}, not for {Host} (the host of Storage:Endpoint). Fix: use in Storage:Endpoint a name the certificate is made for",
        CertificateProblem.Expired =>
            $"the storage's certificate expired on {NotAfter:yyyy-MM-dd HH:mm} UTC, and this kiosk's clock reads {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Fix: renew the certificate; if the clock is wrong instead, check time sync (timedatectl)",
        CertificateProblem.NotYetValid =>
            $"the storage's certificate is valid only from {NotBefore:yyyy-MM-dd HH:mm} UTC, and this kiosk's clock reads {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC: most likely the clock is behind (a Pi has no real-time clock). Fix: check time sync (timedatectl)",
        _ => $"the storage's certificate ({Who}) is not valid ({Detail}). Fix: check the certificate the server sends",
    };
}

/// <summary>
/// The last certificate the storage's connections refused, and why: read when a call fails at the handshake. Only a
/// refusal seen during that call counts, so that an old one (a clock since corrected) never names a new failure.
/// Also what the last accepted handshake settled on (protocol and cipher), which the health check reports.
/// </summary>
internal sealed class CertificateWitness
{
    private (CertificateRefusal Refusal, long At)? _last;
    private readonly Lock _lock = new();

    /// <summary>The protocol and cipher of the last handshake whose certificate was trusted; null before any.</summary>
    public TlsHandshake? LastHandshake { get; private set; }

    public void Negotiated(TlsHandshake handshake) => LastHandshake = handshake;

    public void Saw(CertificateRefusal refusal)
    {
        lock (_lock) _last = (refusal, Stopwatch.GetTimestamp());
    }

    /// <summary>The refusal seen since <paramref name="timestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>), if any.</summary>
    public CertificateRefusal? Since(long timestamp)
    {
        lock (_lock) return _last is { } last && last.At >= timestamp ? last.Refusal : null;
    }
}
