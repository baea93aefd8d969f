using System.Text;

namespace AilasKiosk.CardFactory;

public sealed partial record GoProCard
{
    /// <summary>Central European Summer Time: the camera clock shows local time, GPS shows UTC.</summary>
    private static readonly TimeSpan LocalOffset = TimeSpan.FromHours(2);

    private static readonly TimeSpan TimeLapseInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A card as a crew brings it back from a time-lapse run: one single shot (GOPRnnnn / GPAAnnnn),
    /// then time-lapse photos (HERO: G003nnnn, MAX: GS__nnnn) two seconds apart along a street,
    /// spread over 100GOPRO, 101GOPRO… every <paramref name="photosPerFolder"/> photos (cameras use
    /// 999; pass a small number to get several folders on a small card). Also holds the files a
    /// real card carries besides photos, which the kiosk must leave alone. Same seed, same card.
    /// </summary>
    public static GoProCard Realistic(
        CameraProfile camera,
        int photos,
        int seed,
        long minBytes = 1_000_000,
        long maxBytes = 15_000_000,
        int photosPerFolder = 999)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(photos);
        ArgumentOutOfRangeException.ThrowIfLessThan(photosPerFolder, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBytes, maxBytes);

        var random = new Xoshiro256(seed);
        var track = new GpsTrack(random);
        DateTime start = new DateTime(2024, 6, 12, 9, 0, 0)
            .AddMinutes(random.NextInt64(0, 8 * 60))
            .AddMilliseconds(random.NextInt64(0, 999));
        int firstNumber = (int)random.NextInt64(1, 8000);  // cameras keep counting across cards
        int group = (int)random.NextInt64(1, 99);

        var list = new List<CardPhoto>(photos);
        for (int i = 0; i < photos; i++)
        {
            DateTime taken = start + i * TimeLapseInterval;
            var (latitude, longitude, altitude) = track.Next(metres: 10);
            var spec = new PhotoSpec(
                Folder: $"{100 + i / photosPerFolder}GOPRO",
                FileName: FileName(camera, i, firstNumber, group),
                SizeBytes: random.NextInt64(minBytes, maxBytes),
                CaptureTime: taken,
                Gps: new GpsFix(latitude, longitude, altitude, DateTime.SpecifyKind(taken - LocalOffset, DateTimeKind.Utc)),
                Seed: unchecked(seed * 1_000_003 + i),
                Spherical: camera.Shoots360 && i > 0); // the MAX single shot is in HERO (flat) mode
            list.Add(new CardPhoto(camera, spec));
        }

        return new GoProCard(camera, list, HousekeepingFiles(camera, start.AddDays(-3), seed));
    }

    // HERO: GOPR0482.JPG for a single shot, G0030095.JPG (group 003, photo 0095) for time-lapse.
    // MAX: one counter for GPAA8686.JPG (flat) and GS__8682.JPG (360). Numbers have four digits.
    private static string FileName(CameraProfile camera, int index, int firstNumber, int group)
    {
        int number = (firstNumber + index - 1) % 9999 + 1;
        if (camera.Shoots360)
            return index == 0 ? $"GPAA{number:D4}.JPG" : $"GS__{number:D4}.JPG";
        if (index == 0)
            return $"GOPR{number:D4}.JPG";
        return $"G{(group + (index - 1) / 9999) % 1000:D3}{(index - 1) % 9999 + 1:D4}.JPG";
    }

    // Files real cards hold besides photos: camera identity, the owner file GoPro Labs writes,
    // a video's low-res proxy and thumbnail (.LRV/.THM) and the root shortcut every camera adds.
    private static List<CardFile> HousekeepingFiles(CameraProfile camera, DateTime when, int seed)
    {
        byte[] proxy = new byte[48 * 1024];
        new Xoshiro256(seed ^ 0x1B7).Fill(proxy);
        "\0\0\0\u0018ftypmp41"u8.CopyTo(proxy); // starts like an MP4, which an LRV is

        return
        [
            new(VersionTxt.RelativePath, VersionTxt.RenderBytes(camera), when),
            new("MISC/GoPro-owner.txt", Encoding.ASCII.GetBytes("AILAS field crew\n"), when),
            new("DCIM/100GOPRO/GX010001.THM", SampleImage.BareJpeg(), when),
            new("DCIM/100GOPRO/GL010001.LRV", proxy, when),
            new("Get_started_with_GoPro.url", Encoding.ASCII.GetBytes("[InternetShortcut]\r\nURL=https://gopro.com/\r\n"), when),
        ];
    }
}
