using System.Diagnostics;
using Minio;
using Minio.DataModel.Args;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// The real S3 server of the tests: the throwaway Ceph radosgw of tools/radosgw.sh, started once per test run
/// (idempotent; the test command starts it first). Each test works under its own camera label, so tests
/// share the bucket without seeing each other's objects. One gateway, two doors: HTTPS with a certificate
/// signed by the script's throwaway CA (what a kiosk uses, as in production) and plain HTTP.
/// </summary>
public sealed class Radosgw
{
    private static readonly Lazy<Radosgw> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Radosgw Instance => Shared.Value;

    private Radosgw(IReadOnlyDictionary<string, string> env)
    {
        HttpEndpoint = env["AILAS_TEST_S3_ENDPOINT"];
        HttpsEndpoint = env["AILAS_TEST_S3_HTTPS_ENDPOINT"];
        CaFile = env["AILAS_TEST_S3_CA_FILE"];
        AccessKey = env["AILAS_TEST_S3_ACCESS_KEY"];
        SecretKey = env["AILAS_TEST_S3_SECRET_KEY"];
        Bucket = env["AILAS_TEST_S3_BUCKET"];
        Region = env.GetValueOrDefault("AILAS_TEST_S3_REGION", "us-east-1");
        var uri = new Uri(HttpEndpoint);
        Client = new MinioClient().WithEndpoint(uri.Host, uri.Port).WithRegion(Region).WithCredentials(AccessKey, SecretKey).Build();
    }

    /// <summary>The HTTPS endpoint; a client trusts it only with <see cref="CaFile"/>.</summary>
    public string HttpsEndpoint { get; }

    /// <summary>The certificate of the CA that signed <see cref="HttpsEndpoint"/>'s certificate.</summary>
    public string CaFile { get; }

    /// <summary>The same server over plain HTTP: the tests' own reads, and the tests that keep that path covered.</summary>
    public string HttpEndpoint { get; }
    public string AccessKey { get; }
    public string SecretKey { get; }
    public string Bucket { get; }
    public string Region { get; }

    /// <summary>A plain SDK client (over HTTP) for the tests' own reads and tampering.</summary>
    public IMinioClient Client { get; }

    public static string Script => Path.Combine(Repo.Root, "tools", "radosgw.sh");

    private static Radosgw Start()
    {
        Run("start");
        var env = new Dictionary<string, string>();
        foreach (var line in Run("env").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var assignment = line.StartsWith("export ", StringComparison.Ordinal) ? line[7..] : line;
            var eq = assignment.IndexOf('=');
            if (eq > 0) env[assignment[..eq]] = assignment[(eq + 1)..].Trim('\'', '"');
        }
        return new Radosgw(env);
    }

    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"tools/radosgw.sh {string.Join(' ', args)} failed ({p.ExitCode}): {stdout}{stderr.Result}");
        return stdout;
    }

    /// <summary>One plain SigV4 request through tools/s3sign.py (no SDK: a single PUT of any size, as other uploaders do).</summary>
    public static void Sign(string method, string url, string? bodyFile = null)
    {
        var s3 = Instance;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(Repo.Root, "tools", "s3sign.py"), method, url, "--access-key", s3.AccessKey, "--secret-key", s3.SecretKey, "--region", s3.Region })
            psi.ArgumentList.Add(a);
        if (bodyFile is not null) { psi.ArgumentList.Add("--body"); psi.ArgumentList.Add(bodyFile); }
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"s3sign.py {method} {url} failed ({p.ExitCode}): {stdout}{stderr.Result}");
    }

    public async Task<byte[]?> GetAsync(string key)
    {
        try
        {
            using var buffer = new MemoryStream();
            await Client.GetObjectAsync(new GetObjectArgs().WithBucket(Bucket).WithObject(key).WithCallbackStream(s => s.CopyTo(buffer)));
            return buffer.ToArray();
        }
        catch (Minio.Exceptions.ObjectNotFoundException)
        {
            return null;
        }
    }

    public async Task<List<string>> ListAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in Client.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(Bucket).WithPrefix(prefix).WithRecursive(true)))
            keys.Add(item.Key);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public async Task PutAsync(string key, byte[] content)
    {
        using var stream = new MemoryStream(content);
        await Client.PutObjectAsync(new PutObjectArgs().WithBucket(Bucket).WithObject(key).WithStreamData(stream).WithObjectSize(content.Length));
    }

    public async Task<List<string>> IncompleteUploadsAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var upload in Client.ListIncompleteUploadsEnumAsync(
                           new ListIncompleteUploadsArgs().WithBucket(Bucket).WithPrefix(prefix).WithRecursive(true)))
            keys.Add(upload.Key);
        return keys;
    }

    public Task DeleteAsync(string key) => Client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(Bucket).WithObject(key));
}
