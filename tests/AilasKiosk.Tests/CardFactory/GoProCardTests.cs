using System.Security.Cryptography;
using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.CardFactory;

public class GoProCardTests
{
    private static GoProCard Card(CameraProfile camera, int photos = 7, int seed = 3) =>
        GoProCard.Realistic(camera, photos, seed, minBytes: 20_000, maxBytes: 60_000, photosPerFolder: 4);

    [Fact]
    public void Photos_roll_over_into_the_next_folder()
    {
        var card = Card(CameraProfile.Hero10());

        Assert.Equal(["100GOPRO", "100GOPRO", "100GOPRO", "100GOPRO", "101GOPRO", "101GOPRO", "101GOPRO"],
            card.Photos.Select(p => p.Spec.Folder));
        Assert.Equal(["DCIM", "MISC", "DCIM/100GOPRO", "DCIM/101GOPRO"], card.Folders());
    }

    [Fact]
    public void Hero_photos_are_named_like_the_camera_names_them()
    {
        var names = Card(CameraProfile.Hero10()).Photos.Select(p => p.Spec.FileName).ToList();

        Assert.Matches(@"^GOPR\d{4}\.JPG$", names[0]);                                // single shot
        Assert.All(names.Skip(1), n => Assert.Matches(@"^G\d{3}\d{4}\.JPG$", n));      // time-lapse group + index
        Assert.Equal(["0001", "0002", "0003"], names.Skip(1).Take(3).Select(n => n[4..8]));
    }

    [Fact]
    public void Max_cards_hold_a_flat_single_shot_then_360_time_lapse()
    {
        var photos = Card(CameraProfile.Max()).Photos;

        Assert.Matches(@"^GPAA\d{4}\.JPG$", photos[0].Spec.FileName);
        Assert.False(photos[0].Spec.IsSphericalOn(photos[0].Camera));
        Assert.All(photos.Skip(1), p => Assert.Matches(@"^GS__\d{4}\.JPG$", p.Spec.FileName));
        Assert.All(photos.Skip(1), p => Assert.True(p.Spec.IsSphericalOn(p.Camera)));
    }

    [Fact]
    public void Time_lapse_is_two_seconds_apart_with_matching_GPS_time_along_a_street_near_Tours_or_Angers()
    {
        foreach (int seed in Enumerable.Range(1, 8))
        {
            var specs = Card(CameraProfile.Hero10(), photos: 20, seed: seed).Photos.Select(p => p.Spec).ToList();

            Assert.All(specs.Zip(specs.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(2), pair.Second.CaptureTime - pair.First.CaptureTime));
            Assert.All(specs, s => Assert.Equal(s.CaptureTime - TimeSpan.FromHours(2), s.Gps!.UtcTime)); // CEST clock
            Assert.All(specs, s => Assert.InRange(s.Gps!.Latitude, 47.35, 47.50));
            Assert.All(specs, s => Assert.InRange(s.Gps!.Longitude, -0.60, 0.72));
            double metres = Distance(specs[0].Gps!, specs[^1].Gps!);
            Assert.InRange(metres, 100, 200); // ~10 m per photo
        }
    }

    [Fact]
    public void Sizes_stay_within_bounds_and_the_card_holds_housekeeping_files()
    {
        var card = Card(CameraProfile.Hero10());

        Assert.All(card.Photos, p => Assert.InRange(p.Spec.SizeBytes, 20_000, 60_000));
        Assert.Equal(
            ["DCIM/100GOPRO/GL010001.LRV", "DCIM/100GOPRO/GX010001.THM", "Get_started_with_GoPro.url", "MISC/GoPro-owner.txt", "MISC/version.txt"],
            card.ExtraFiles.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.Equal(VersionTxt.RenderBytes(card.Camera), card.ExtraFiles.Single(f => f.RelativePath == "MISC/version.txt").Content);
    }

    [Fact]
    public void WriteTo_writes_the_tree_with_capture_times_and_the_same_seed_gives_the_same_card()
    {
        using var first = new TempDir();
        using var second = new TempDir();
        using var third = new TempDir();
        var card = Card(CameraProfile.Hero10());

        card.WriteTo(first.Path);
        Card(CameraProfile.Hero10()).WriteTo(second.Path);

        var files = Tree(first.Path);
        Assert.Equal(card.Entries().Select(e => e.RelativePath).Order(StringComparer.Ordinal), files.Keys);
        Assert.Equal(files, Tree(second.Path));
        foreach (var photo in card.Photos)
        {
            string path = Path.Combine(first.Path, photo.RelativePath);
            Assert.Equal(photo.Spec.SizeBytes, new FileInfo(path).Length);
            Assert.Equal(GoProJpeg.Build(photo.Camera, photo.Spec), File.ReadAllBytes(path));
            Assert.Equal(photo.Spec.CaptureTime, File.GetLastWriteTime(path));
        }

        Card(CameraProfile.Hero10(), seed: 4).WriteTo(third.Path);
        Assert.NotEqual(files, Tree(third.Path));
    }

    [Fact]
    public void A_card_can_hold_photos_of_two_cameras()
    {
        var card = Card(CameraProfile.Hero10("C3471325208909"));
        var stranger = Card(CameraProfile.Hero10("C3471325200000"), photos: 2, seed: 9).Photos
            .Select(p => p with { Spec = p.Spec with { Folder = "102GOPRO" } });
        var mixed = card with { Photos = [.. card.Photos, .. stranger] };

        Assert.Equal(2, mixed.Photos.Select(p => p.Camera.Serial).Distinct().Count());
        Assert.Contains("DCIM/102GOPRO", mixed.Folders());
    }

    private static SortedDictionary<string, string> Tree(string root) => new(
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    private static double Distance(GpsFix a, GpsFix b)
    {
        double dLat = (b.Latitude - a.Latitude) * 111_320;
        double dLon = (b.Longitude - a.Longitude) * 111_320 * Math.Cos(a.Latitude * Math.PI / 180);
        return Math.Sqrt(dLat * dLat + dLon * dLon);
    }
}

/// <summary>A scratch directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("cardfactory-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a failed test may leave a mount point behind; never mask its error
    }
}
