using System.Net.Security;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace AilasKiosk.Storage;

/// <summary>
/// Which TLS cipher the kiosk asks for first. A Raspberry Pi 4 (Cortex-A72, no ARMv8 crypto extensions) runs AES-GCM
/// in software, several times slower than ChaCha20-Poly1305, which needs no special instructions; a Pi 5
/// (Cortex-A76) and x86 have AES instructions, and AES-GCM is then the fast one. OpenSSL, under .NET, lists AES-GCM
/// first whatever the CPU, and servers commonly honour the client's order (OpenSSL's default; Go's crypto/tls, i.e.
/// MinIO, picks ChaCha20 when the client lists it first). So without AES instructions the kiosk lists
/// ChaCha20-Poly1305 first; with them it leaves the platform's order as it is. Never a weaker list than the
/// platform's: the same AEAD suites, and ECDHE-CBC last for old TLS 1.2 proxies, as OpenSSL's default allows.
/// </summary>
internal static class CipherPreference
{
    /// <summary>Whether this CPU encrypts AES in hardware (DOTNET_EnableAES=0 makes .NET say it does not).</summary>
    public static bool CpuHasAes => X86Aes.IsSupported || ArmAes.IsSupported;

    /// <summary>ChaCha20-Poly1305 first, then AES-GCM, for TLS 1.3 and 1.2.</summary>
    public static readonly TlsCipherSuite[] ChaChaFirst =
    [
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
    ];

    /// <summary>The order to ask for on a CPU with or without AES instructions; null: the platform's own.</summary>
    public static IReadOnlyList<TlsCipherSuite>? For(bool cpuHasAes) => cpuHasAes ? null : ChaChaFirst;

    /// <summary>Sets the order on <paramref name="ssl"/> where the platform lets a client choose it (not Windows).</summary>
    public static void Apply(SslClientAuthenticationOptions ssl, bool cpuHasAes)
    {
        if (For(cpuHasAes) is { } order && !OperatingSystem.IsWindows())
            ssl.CipherSuitesPolicy = new CipherSuitesPolicy(order);
    }
}

/// <summary>What a TLS handshake with the storage settled on, for the health check and `doctor`.</summary>
internal sealed record TlsHandshake(System.Security.Authentication.SslProtocols Protocol, TlsCipherSuite CipherSuite)
{
    public override string ToString() => $"{Protocol switch
    {
        System.Security.Authentication.SslProtocols.Tls13 => "TLS 1.3",
        System.Security.Authentication.SslProtocols.Tls12 => "TLS 1.2",
        var other => other.ToString(),
    }} {CipherSuite}";
}
