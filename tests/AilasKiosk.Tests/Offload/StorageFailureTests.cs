using AilasKiosk.Cli;
using AilasKiosk.Journal;
using AilasKiosk.Offload;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>Storage that refuses, is missing or goes away: a clear error, and nothing unverified leaves the card.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class StorageFailureTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    [Fact]
    public async Task A_wrong_secret_key_is_refused_and_the_card_is_untouched()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208930", KioskSettings.NewLabel("BADKEY"))
            .With("Storage:SecretKey", "not-the-secret");
        var card = TestCard.Small(settings.Serial, photos: 3, seed: 31);
        using var mounted = TestCard.Create(card);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.Equal(ExitCodes.StorageRefused, run.ExitCode);
        Assert.Contains("access refused", run.Json.Message);
        Assert.Equal((0, 0), (run.Json.Verified, run.Json.Wiped));
        Assert.All(card.Photos, p => Assert.True(mounted.IsOnCard(p)));
        Assert.Empty(await _s3.ListAsync(settings.Label + "/"));
        mounted.UnmountAndCheck();
    }

    [Fact]
    public async Task A_missing_bucket_is_named_and_the_card_is_untouched()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208931", KioskSettings.NewLabel("NOBUCKET"))
            .With("Storage:Bucket", "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]);
        var card = TestCard.Small(settings.Serial, photos: 2, seed: 32);
        using var mounted = TestCard.Create(card);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.Equal(ExitCodes.StorageRefused, run.ExitCode);
        Assert.Contains("does not exist", run.Json.Message);
        Assert.All(card.Photos, p => Assert.True(mounted.IsOnCard(p)));
    }

    [Fact]
    public async Task No_server_at_the_endpoint_is_reported_unreachable()
    {
        using var state = new TempDirectory();
        await using var gone = new TcpProxy(new Uri(_s3.HttpsEndpoint));
        await gone.Cut(); // a port where nothing listens any more
        var settings = new KioskSettings(_s3, state.Path, "C3471325208932", KioskSettings.NewLabel("DOWN"))
            .With("Storage:Endpoint", gone.Endpoint);
        var card = TestCard.Small(settings.Serial, photos: 2, seed: 33);
        using var mounted = TestCard.Create(card);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(run.ExitCode == ExitCodes.StorageUnreachable, run.Stderr);
        Assert.Contains("unreachable", run.Json.Message);
        Assert.All(card.Photos, p => Assert.True(mounted.IsOnCard(p)));
    }

    [Fact]
    public async Task The_server_going_away_mid_offload_wipes_nothing_and_a_later_run_completes()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208933", KioskSettings.NewLabel("MIDWAY"));
        var card = TestCard.Small(settings.Serial, photos: 8, seed: 34);
        using var mounted = TestCard.Create(card);
        // Cut the connection once about a third of the card has been sent.
        await using var proxy = new TcpProxy(new Uri(_s3.HttpsEndpoint), cutAfterUploadBytes: card.Photos.Sum(p => p.Spec.SizeBytes) / 3);
        settings.With("Storage:Endpoint", proxy.Endpoint);

        var report = await new EngineHarnessRun(settings).RunAsync(mounted.Root);

        Assert.True(proxy.IsCut);
        Assert.Equal(OffloadOutcome.StorageUnreachable, report.Outcome);
        Assert.Equal(0, report.Wiped);
        Assert.All(card.Photos, p => Assert.True(mounted.IsOnCard(p), $"{p.RelativePath} was deleted although the server went away"));

        settings.With("Storage:Endpoint", _s3.HttpsEndpoint);
        var resumed = await new EngineHarnessRun(settings).RunAsync(mounted.Root);
        Assert.Equal(OffloadOutcome.Completed, resumed.Outcome);
        foreach (var photo in card.Photos)
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
        mounted.UnmountAndCheck();
    }

    [Fact]
    public async Task Storage_over_quota_is_reported_full_and_nothing_is_wiped()
    {
        using var state = new TempDirectory();
        var id = Guid.NewGuid().ToString("N")[..8];
        var (access, secret, bucket) = ($"FULL{id}".ToUpperInvariant(), $"full-secret-{id}", $"ailas-full-{id}");
        Radosgw.Run("user", $"full-{id}", access, secret, bucket, "8000000"); // 8 MB for a ~20 MB card
        var settings = new KioskSettings(_s3, state.Path, "C3471325208934", KioskSettings.NewLabel("FULL"))
            .With("Storage:AccessKey", access).With("Storage:SecretKey", secret).With("Storage:Bucket", bucket);
        var card = AilasKiosk.CardFactory.GoProCard.Realistic(AilasKiosk.CardFactory.CameraProfile.Hero10(settings.Serial), 6, seed: 35,
            minBytes: 2_500_000, maxBytes: 4_000_000, photosPerFolder: 3);
        using var mounted = TestCard.Create(card);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(run.ExitCode == ExitCodes.StorageRefused, run.Stderr);
        Assert.Contains("full or over quota", run.Json.Message);
        Assert.Equal(0, run.Json.Wiped);
        Assert.All(card.Photos, p => Assert.True(mounted.IsOnCard(p)));
        mounted.UnmountAndCheck();
    }

    /// <summary>One in-process engine run with its own journal connection, disposed at the end.</summary>
    private sealed class EngineHarnessRun(KioskSettings settings)
    {
        public async Task<OffloadReport> RunAsync(string root)
        {
            using var harness = new EngineHarness(settings);
            return await harness.RunAsync(root);
        }
    }
}
