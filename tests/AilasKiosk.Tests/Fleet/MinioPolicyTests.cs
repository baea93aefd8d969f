using System.Text.Json;
using System.Text.RegularExpressions;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Fleet;

/// <summary>
/// The MinIO policies of image-build/, evaluated as MinIO and IAM do (an explicit Deny wins, then any Allow; '*' and
/// '?' in actions and resources): the kiosk's key writes images, the quarantine and its own status, reads the
/// shared registry, and nothing else; the maintainer's writes the registry; nobody deletes.
/// </summary>
public class MinioPolicyTests
{
    private static readonly string Dir = Path.Combine(Repo.Root, "image-build");

    private static Policy Kiosk(string id = "kiosk-07") =>
        Policy.Load(Path.Combine(Dir, "minio-policy.json"), text => text.Replace("BUCKET", "ailas").Replace("KIOSK_ID", id));

    private static Policy Maintainer() =>
        Policy.Load(Path.Combine(Dir, "minio-maintainer-policy.json"), text => text.Replace("BUCKET", "ailas"));

    [Theory]
    [InlineData("AILAS-07/2026-11-30/100GOPRO/G0010001.JPG")]
    [InlineData("AILAS-07/_manifests/20261130-1200-ab.json")]
    [InlineData("0815/2026-11-30/100GOPRO/G0010001.JPG")]
    [InlineData("_unassigned/C9999999999999/2026-11-30/100GOPRO/G0010001.JPG")]
    [InlineData("_kiosks/kiosk-07/status.json")]
    public void The_kiosk_key_writes_images_the_quarantine_and_its_own_status(string key)
    {
        Assert.True(Kiosk().Allows("s3:PutObject", $"arn:aws:s3:::ailas/{key}"), key);
    }

    [Theory]
    [InlineData("_kiosks/kiosk-08/status.json")]
    [InlineData("_kiosks/kiosk-070/status.json")]
    [InlineData("_kiosks/status.json")]
    [InlineData("_kiosk/cameras.json")]
    [InlineData("_other/x.json")]
    public void The_kiosk_key_writes_neither_another_kiosks_status_nor_the_registry(string key)
    {
        Assert.False(Kiosk().Allows("s3:PutObject", $"arn:aws:s3:::ailas/{key}"), key);
    }

    [Fact]
    public void The_kiosk_key_reads_the_registry_the_images_and_lists_the_bucket()
    {
        var kiosk = Kiosk();
        Assert.True(kiosk.Allows("s3:GetObject", "arn:aws:s3:::ailas/_kiosk/cameras.json"));
        Assert.True(kiosk.Allows("s3:GetObject", "arn:aws:s3:::ailas/_kiosks/kiosk-08/status.json"));
        Assert.True(kiosk.Allows("s3:GetObject", "arn:aws:s3:::ailas/AILAS-07/2026-11-30/100GOPRO/G0010001.JPG"));
        Assert.True(kiosk.Allows("s3:ListBucket", "arn:aws:s3:::ailas"));
        Assert.True(kiosk.Allows("s3:AbortMultipartUpload", "arn:aws:s3:::ailas/AILAS-07/big.GPR"));
    }

    [Fact]
    public void The_maintainer_key_writes_the_registry_and_nothing_else()
    {
        var maintainer = Maintainer();
        Assert.True(maintainer.Allows("s3:PutObject", "arn:aws:s3:::ailas/_kiosk/cameras.json"));
        Assert.True(maintainer.Allows("s3:GetObject", "arn:aws:s3:::ailas/_kiosks/kiosk-07/status.json"));
        Assert.True(maintainer.Allows("s3:ListBucket", "arn:aws:s3:::ailas"));
        Assert.False(maintainer.Allows("s3:PutObject", "arn:aws:s3:::ailas/AILAS-07/x.JPG"));
        Assert.False(maintainer.Allows("s3:PutObject", "arn:aws:s3:::ailas/_kiosks/kiosk-07/status.json"));
    }

    [Theory]
    [InlineData("s3:DeleteObject")]
    [InlineData("s3:DeleteObjectVersion")]
    [InlineData("s3:DeleteBucket")]
    [InlineData("s3:PutBucketPolicy")]
    [InlineData("s3:PutLifecycleConfiguration")]
    public void Neither_key_deletes_or_changes_the_bucket(string action)
    {
        foreach (var policy in new[] { Kiosk(), Maintainer() })
            foreach (var resource in new[] { "arn:aws:s3:::ailas", "arn:aws:s3:::ailas/AILAS-07/x.JPG", "arn:aws:s3:::ailas/_kiosks/kiosk-07/status.json", "arn:aws:s3:::ailas/_kiosk/cameras.json" })
                Assert.False(policy.Allows(action, resource), $"{action} on {resource}");
        foreach (var file in new[] { "minio-policy.json", "minio-maintainer-policy.json" })
        {
            var text = File.ReadAllText(Path.Combine(Dir, file));
            Assert.DoesNotContain("s3:Delete", text, StringComparison.Ordinal);
            Assert.DoesNotContain("s3:*", text, StringComparison.Ordinal);
        }
    }

    /// <summary>An IAM-style policy: statements with Effect, Action and Resource (or NotResource), wildcards '*' and '?'.</summary>
    private sealed class Policy(List<(bool Allow, string[] Actions, string[]? Resources, string[]? NotResources)> statements)
    {
        public static Policy Load(string path, Func<string, string> fill)
        {
            using var doc = JsonDocument.Parse(fill(File.ReadAllText(path)));
            var statements = doc.RootElement.GetProperty("Statement").EnumerateArray().Select(s => (
                s.GetProperty("Effect").GetString() == "Allow",
                Strings(s, "Action")!,
                Strings(s, "Resource"),
                Strings(s, "NotResource"))).ToList();
            Assert.DoesNotContain(doc.RootElement.GetProperty("Statement").EnumerateArray(), s => s.TryGetProperty("NotAction", out _));
            return new Policy(statements);
        }

        public bool Allows(string action, string resource)
        {
            var applying = statements.Where(s => s.Actions.Any(a => Matches(a, action))
                && (s.Resources?.Any(r => Matches(r, resource)) ?? s.NotResources!.All(r => !Matches(r, resource)))).ToList();
            return applying.Any(s => s.Allow) && !applying.Any(s => !s.Allow);
        }

        private static string[]? Strings(JsonElement statement, string name) =>
            !statement.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.String ? [value.GetString()!]
            : [.. value.EnumerateArray().Select(v => v.GetString()!)];

        private static bool Matches(string pattern, string value) =>
            Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$");
    }
}
