using AilasKiosk.Tests.Infrastructure;
using CardTool = AilasKiosk.CardFactory.Tool;

namespace AilasKiosk.Tests.Packaging;

/// <summary>
/// build-image.sh refuses a configuration that would make a kiosk unable to trust its storage, before it builds
/// anything: the checks run in seconds, with no image.
/// </summary>
public class BuildImageConfigTests
{
    [Theory]
    [InlineData("private key", "holds a private key")]
    [InlineData("not a certificate", "is not a PEM certificate")]
    public void A_storage_CA_that_is_not_a_certificate_is_refused_before_anything_is_built(string given, string expected)
    {
        using var dir = new TempDirectory("ailas-image-config");
        var config = Path.Combine(dir.Path, "config");
        Directory.CreateDirectory(config);
        File.Copy(Path.Combine(Repo.Root, "image-build", "kiosk.json"), Path.Combine(config, "kiosk.json"));
        var key = Path.Combine(dir.Path, "authorized_keys");
        File.WriteAllText(key, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAilasKioskTestKeyOnly0000000000000000000000 maintainer@base\n");
        var ca = Path.Combine(config, "storage-ca.crt");
        if (given == "private key")
            CardTool.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=careless CA", "-keyout", ca, "-out", Path.Combine(dir.Path, "ca.crt"));
        else
            File.WriteAllText(ca, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        var output = Path.Combine(dir.Path, "kiosk.img");

        var run = CardTool.Run("bash", [PiImageFixture.Script, "--config", config, "--ssh-key", key, "--out", output], null,
            throwOnFailure: false, timeout: TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"storage-ca.crt {expected}", run.Output);
        Assert.False(File.Exists(output));
    }
}
