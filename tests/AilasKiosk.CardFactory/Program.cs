using System.Diagnostics;
using AilasKiosk.CardFactory;

// make-card: builds a realistic GoPro card for the demo and the benchmark. See CliOptions.Usage.
CliOptions options;
try
{
    options = CliOptions.Parse(args);
}
catch (UsageException error)
{
    Console.Error.WriteLine($"make-card: {error.Message}");
    Console.Error.WriteLine(CliOptions.Usage);
    return 2;
}

const long MB = 1_000_000;
var clock = Stopwatch.StartNew();
var camera = CameraProfile.ByName(options.Camera, options.Serial);
var card = GoProCard.Realistic(camera, options.Photos, options.Seed,
    (long)(options.MinMb * MB), (long)(options.MaxMb * MB), options.PhotosPerFolder);
long totalBytes = card.TotalBytes;
int files = card.Photos.Count + card.ExtraFiles.Count;

string where;
if (!options.Image)
{
    card.WriteTo(options.Out);
    where = $"directory {Path.GetFullPath(options.Out)}";
}
else
{
    // Room for the files plus FAT tables and cluster slack; FAT32 wants at least ~33 MB.
    long sizeBytes = options.SizeMb * MB ?? Math.Max(64 * MB, totalBytes + totalBytes / 20 + 32 * MB);
    ICardImage image = options.ExFat
        ? ExFatCardImage.Create(options.Out, card, sizeBytes, options.Label)
        : FatCardImage.Create(options.Out, card, sizeBytes, options.Label);
    where = $"{(options.ExFat ? "exFAT" : "FAT32")} image {image.ImagePath} ({sizeBytes / MB} MB)";
    if (options.Mount is not null)
    {
        var mounted = image.MountFuse(options.Mount, detached: true);
        where += $", mounted on {mounted.MountPoint} (unmount: fusermount -u {mounted.MountPoint})";
    }
}

Console.WriteLine($"make-card: {files} files ({card.Photos.Count} {camera.Model} photos), {totalBytes:N0} bytes, " +
                  $"{where}, in {clock.Elapsed.TotalSeconds:0.0} s");
return 0;
