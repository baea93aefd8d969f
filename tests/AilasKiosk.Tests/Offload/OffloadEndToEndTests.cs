using System.Text.Json;
using AilasKiosk.Cli;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Offload;

/// <summary>The `offload` command on real FAT32 cards (FUSE) into the real radosgw.</summary>
[Trait("Needs", "RealParts")] // S3 server, loop devices, FUSE, chroot or the Pi image: not in tools/test.sh --fast
public class OffloadEndToEndTests
{
    private readonly Radosgw _s3 = Radosgw.Instance;

    // HTTPS with a private CA, as in production; the plain HTTP path stays covered by one row.
    [Theory]
    [InlineData(false, "https")]
    [InlineData(true, "https")]
    [InlineData(false, "http")]
    public async Task A_two_folder_card_is_offloaded_byte_for_byte_then_wiped_and_MISC_is_untouched(bool exFat, string scheme)
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208909", KioskSettings.NewLabel(exFat ? "EXFAT" : "FAT32"));
        if (scheme == "http") settings.OverPlainHttp(_s3);
        Assert.StartsWith(scheme + "://", settings.Values["Storage:Endpoint"]);
        var card = TestCard.Small(settings.Serial, photos: 8, seed: 11);
        using var mounted = TestCard.Create(card, exFat);
        Assert.Equal(2, card.Photos.Select(p => p.Spec.Folder).Distinct().Count());
        var housekeeping = card.ExtraFiles.ToDictionary(f => f.RelativePath, f => f.Content);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", mounted.Root, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        var result = run.Json;
        Assert.Equal(("Completed", 8, 8, 0, 8, 8, 0), (result.Outcome, result.Planned, result.Uploaded, result.AlreadyPresent, result.Verified, result.Wiped, result.Failed));
        Assert.Equal(settings.Label, result.Label);
        Assert.Equal(settings.Serial, result.Serial);
        Assert.Equal(card.Photos.Sum(p => p.Spec.SizeBytes), result.Bytes);

        foreach (var photo in card.Photos)
        {
            Assert.Equal(TestCard.BytesOf(photo), await _s3.GetAsync(TestCard.KeyOf(settings.Label, photo)));
            Assert.False(mounted.IsOnCard(photo), $"{photo.RelativePath} is still on the card");
        }
        foreach (var (path, content) in housekeeping)
            Assert.Equal(content, await File.ReadAllBytesAsync(mounted.PathOf(path)));

        using var manifest = JsonDocument.Parse(await _s3.GetAsync(result.ManifestKey!) ?? throw new Xunit.Sdk.XunitException("no manifest"));
        var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        Assert.Equal(card.Photos.Select(p => p.RelativePath).Order(), files.Keys.Order());
        foreach (var photo in card.Photos)
        {
            var entry = files[photo.RelativePath];
            Assert.Equal(TestCard.Sha256Of(photo), entry.GetProperty("sha256").GetString());
            Assert.Equal(TestCard.KeyOf(settings.Label, photo), entry.GetProperty("key").GetString());
            Assert.Equal(photo.Spec.SizeBytes, entry.GetProperty("size").GetInt64());
        }
        Assert.Equal(settings.Serial, manifest.RootElement.GetProperty("camera").GetProperty("serial").GetString());

        // Every event of the card's work in the JSON log file carries the session id.
        var events = Directory.GetFiles(Path.Combine(state.Path, "logs"), "*.clef").SelectMany(File.ReadAllLines)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.True(events.Count >= card.Photos.Count + 3);
        Assert.All(events, e => Assert.Equal(result.Session, e.GetProperty("Session").GetString()));

        mounted.UnmountAndCheck();
    }

    [Fact]
    public async Task Running_again_is_a_no_op_and_a_copy_of_the_card_is_recognised_as_already_offloaded()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208911", KioskSettings.NewLabel("AGAIN"));
        var card = TestCard.Small(settings.Serial, photos: 6, seed: 12);
        using (var first = TestCard.Create(card))
        {
            Assert.Equal(ExitCodes.Ok, (await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", first.Root, "--json")).ExitCode);
            var again = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", first.Root, "--json");
            Assert.Equal(ExitCodes.Ok, again.ExitCode);
            Assert.Equal(("NothingToDo", 0, 0), (again.Json.Outcome, again.Json.Planned, again.Json.Uploaded));
            first.UnmountAndCheck();
        }
        var keysAfterFirst = await ImageKeys(settings.Label);

        // The same photos on another card (a copy, or a card whose wipe was interrupted).
        using var copy = TestCard.Create(card);
        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", copy.Root, "--json");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(("Completed", 6, 0, 6, 6, 6), (run.Json.Outcome, run.Json.Planned, run.Json.Uploaded, run.Json.AlreadyPresent, run.Json.Verified, run.Json.Wiped));
        Assert.Equal(keysAfterFirst, await ImageKeys(settings.Label));
        copy.UnmountAndCheck();
    }

    [Fact]
    public async Task A_reformatted_card_reusing_names_never_overwrites_and_both_versions_are_kept()
    {
        using var state = new TempDirectory();
        var settings = new KioskSettings(_s3, state.Path, "C3471325208912", KioskSettings.NewLabel("REFMT"));
        var before = TestCard.Small(settings.Serial, photos: 4, seed: 13);
        // After a format the camera numbers from the start again: same names, same day, other pictures.
        var after = before with { Photos = before.Photos.Select(p => p with { Spec = p.Spec with { Seed = p.Spec.Seed + 7 } }).ToList() };

        using (var first = TestCard.Create(before))
            Assert.Equal(ExitCodes.Ok, (await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", first.Root, "--json")).ExitCode);
        using var second = TestCard.Create(after);
        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", second.Root, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal((4, 0, 4), (run.Json.Uploaded, run.Json.AlreadyPresent, run.Json.Wiped));
        for (var i = 0; i < before.Photos.Count; i++)
        {
            var key = TestCard.KeyOf(settings.Label, before.Photos[i]);
            Assert.Equal(TestCard.BytesOf(before.Photos[i]), await _s3.GetAsync(key));
            var alternative = Upload.ObjectPlacer.AlternativeKey(key, TestCard.Sha256Of(after.Photos[i]));
            Assert.Equal(TestCard.BytesOf(after.Photos[i]), await _s3.GetAsync(alternative));
        }
        Assert.Equal(8, (await ImageKeys(settings.Label)).Count);
        Assert.Contains("already holds other content", run.Stderr);
    }

    [Fact]
    public async Task Photos_uploaded_earlier_by_hand_are_recognised_by_their_bytes_not_duplicated()
    {
        using var state = new TempDirectory();
        using var root = new TempDirectory("ailas-manual");
        var settings = new KioskSettings(_s3, state.Path, "C3471325208913", KioskSettings.NewLabel("MANUAL"));
        var card = AilasKiosk.CardFactory.GoProCard.Realistic(AilasKiosk.CardFactory.CameraProfile.Hero10(settings.Serial), 2, seed: 14,
            minBytes: 5_500_000, maxBytes: 6_500_000);
        card.WriteTo(root.Path);
        // The crew's old way: one plain PUT without the kiosk's SHA-256 metadata: only the object's bytes can
        // prove it holds the photo.
        var manual = card.Photos[0];
        var body = Path.Combine(state.Path, "manual.jpg");
        await File.WriteAllBytesAsync(body, TestCard.BytesOf(manual));
        Radosgw.Sign("PUT", $"{_s3.HttpEndpoint}/{_s3.Bucket}/{TestCard.KeyOf(settings.Label, manual)}", body);

        var run = await KioskProcess.RunAsync(settings.AsEnvironment(), "offload", root.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Equal((1, 1, 2), (run.Json.Uploaded, run.Json.AlreadyPresent, run.Json.Wiped));
        Assert.Equal(card.Photos.Select(p => TestCard.KeyOf(settings.Label, p)).Order(StringComparer.Ordinal), await ImageKeys(settings.Label));
    }

    private async Task<List<string>> ImageKeys(string label) =>
        (await _s3.ListAsync(label + "/")).Where(k => !k.Contains("/_manifests/", StringComparison.Ordinal)).ToList();
}
