using AilasKiosk.CardFactory;
using AilasKiosk.Identify;
using AilasKiosk.Inspect;
using AilasKiosk.Tests.Identify;
using static AilasKiosk.Tests.Inspect.TestImages;

namespace AilasKiosk.Tests.Inspect;

/// <summary>
/// One walk of the header gives everything the offload takes from an image: capture time (key, manifest), GPS
/// verdict (manifest, checks), camera (identification) and integrity (checks). The file offloader calls the
/// inspector once, so this is one header parse per file.
/// </summary>
public class OneReadTests
{
    private static readonly Dictionary<string, string> Registry = new() { ["C3471325208909"] = "AILAS-07" };

    [Theory]
    [InlineData("hero10", false)]
    [InlineData("hero10", true)]    // no EXIF serial: the camera comes from GPMF, still in the same walk
    [InlineData("max", false)]
    [InlineData("hero6", false)]
    public void Every_consumer_is_fed_by_one_walk_of_the_header(string camera, bool withoutExifSerial)
    {
        byte[] jpeg = Photo(CameraProfile.ByName(camera, "C3471325208909"), size: 3_000_000);
        if (withoutExifSerial)
            HideExifBodySerial(jpeg);
        var stream = new ObservedStream(jpeg);

        var facts = ImageInspector.Inspect(stream, jpeg.Length);
        var (identity, _) = new ImageCameraResolver(Registry).Resolve(null, facts);

        Assert.Equal(1, stream.HeaderWalks);
        Assert.Equal((ImageIntegrity.Intact, MetadataStatus.Read), (facts.Integrity, facts.Metadata));
        Assert.Equal(new DateTime(2024, 6, 12), facts.CaptureTime?.Date);
        Assert.True(facts.HasGps);
        Assert.Equal(("C3471325208909", "AILAS-07", withoutExifSerial ? "GPMF" : "EXIF"), (identity.Serial, identity.Label, identity.Source));
    }

    [Fact]
    public void The_manifests_GPS_verdict_is_the_checks_verdict()
    {
        var checks = new SessionChecks();
        var fixes = new (string Name, GpsFix? Fix)[]
        {
            ("fix.JPG", Tours),
            ("zero.JPG", GpsFix.NoLock(TakenUtc)),
            ("none.JPG", null),
            ("north-of-the-pole.JPG", new GpsFix(95, 0.6848, 52.3, TakenUtc)),   // impossible: no GPS for both
        };
        foreach (var (name, fix) in fixes)
        {
            var facts = FactsOf(Photo(CameraProfile.Hero10(), gps: fix, noGps: fix is null));
            checks.Add(name, facts);
            Assert.Equal(name == "fix.JPG", facts.HasGps);
        }

        var summary = checks.Summarize();
        Assert.Equal(["zero.JPG"], summary.Tally(ImageProblem.GpsAtZero).Examples);
        Assert.Equal(["none.JPG", "north-of-the-pole.JPG"], summary.Tally(ImageProblem.NoGps).Examples);
    }

    /// <summary>Renames EXIF tag 0xA431 (BodySerialNumber) to 0xA430, as firmware that does not write it.</summary>
    private static void HideExifBodySerial(byte[] jpeg)
    {
        int at = EntryAt(jpeg, ExifIfd(jpeg), 0xA431);
        Write16(jpeg, at, 0xA430);
    }
}
