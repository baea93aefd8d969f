using System.Security.Cryptography;
using System.Text;
using AilasKiosk.CardFactory;
using AilasKiosk.Tests.Daemon;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Soak;

/// <summary>
/// One card of the soak through its lives, as crews reuse cards: filled by its camera, offloaded (perhaps over
/// several insertions), then formatted and filled with the next day's photos — a new generation. Knows what
/// each generation holds (path and SHA-256) so that the soak can say, at any moment, whether a photo gone from
/// the card is in the bucket with its bytes.
/// </summary>
internal sealed class SoakCard : IDisposable
{
    private readonly Random _random;
    private readonly HashSet<string> _usedPaths = new(StringComparer.Ordinal);
    private readonly string _imagePrefix;
    private int _nextSeed;

    /// <param name="imagePrefix">The images' directories start with it (under /tmp): the soak counts loop devices on them.</param>
    public SoakCard(int index, int seed, string label, string imagePrefix)
    {
        _imagePrefix = imagePrefix;
        Index = index;
        Serial = $"C3471325209{index:D3}";
        Label = label;
        ExFat = index % 2 == 1;
        Hostile = index % 4 >= 2;
        _random = new Random(seed);
        _nextSeed = seed;
        Current = Fill();
    }

    public int Index { get; }
    public string Serial { get; }
    public string Label { get; }
    public bool ExFat { get; }

    /// <summary>Unusual names, a camera's sub-folder and a photo nested too deep to be taken.</summary>
    public bool Hostile { get; }

    public int Generation { get; private set; }
    public DaemonCard Current { get; private set; }

    /// <summary>What the current generation holds that the kiosk must offload: path on the card → SHA-256.</summary>
    public Dictionary<string, string> Expected { get; } = new(StringComparer.Ordinal);

    /// <summary>What the current generation holds that the kiosk must leave on the card (and say so).</summary>
    public List<string> Left { get; } = [];

    /// <summary>The camera's own files besides photos (version.txt, .LRV, .THM…), which the kiosk leaves alone.</summary>
    public List<string> Housekeeping { get; } = [];

    /// <summary>
    /// Every file of the finished generations still kept in the bucket: path below DCIM/ → SHA-256 (paths never
    /// repeat across generations). Older generations are pruned (see <see cref="TakePrunable"/>).
    /// </summary>
    public Dictionary<string, string> Offloaded { get; } = new(StringComparer.Ordinal);

    private readonly Queue<List<string>> _generationsKept = new();

    /// <summary>Files checked, then deleted from the bucket by the soak to keep the test server's memory bounded.</summary>
    public int Pruned { get; private set; }

    public int FilesOffloaded => Offloaded.Count + Pruned;

    public int Insertions { get; set; }
    public int Pulls { get; set; }

    /// <summary>Photos a pull left half deleted through fusefat, which the soak mended as a maintainer would.</summary>
    public int HalfDeletedMended { get; set; }
    public int PhotosCreated { get; private set; }
    public bool LastRemovalWasPull { get; set; }

    public string Name => $"card {Index} ({(ExFat ? "exFAT" : "FAT32")}{(Hostile ? ", hostile" : "")}, generation {Generation})";

    /// <summary>True when nothing the kiosk must take is left on the card.</summary>
    public bool IsFinished(IReadOnlyList<string> onCard) => !Expected.Keys.Any(onCard.Contains);

    /// <summary>Paths of the current generation already proven in the bucket (checked once).</summary>
    public HashSet<string> Proven { get; } = new(StringComparer.Ordinal);

    public int GenerationsFinished { get; private set; }

    /// <summary>The generation is offloaded: its files go into <see cref="Offloaded"/>.</summary>
    public void FinishGeneration()
    {
        foreach (var (path, sha) in Expected)
            Offloaded.Add(BelowDcim(path), sha);
        _generationsKept.Enqueue(Expected.Keys.Select(BelowDcim).ToList());
        GenerationsFinished++;
    }

    /// <summary>The files of generations older than the last <paramref name="keep"/>, which the soak may delete from the bucket.</summary>
    public List<string> TakePrunable(int keep)
    {
        var prunable = new List<string>();
        while (_generationsKept.Count > keep)
            prunable.AddRange(_generationsKept.Dequeue());
        foreach (var below in prunable)
            Offloaded.Remove(below);
        Pruned += prunable.Count;
        return prunable;
    }

    /// <summary>The camera formats the card and fills it again.</summary>
    public void Refill()
    {
        Current.Dispose();
        Generation++;
        Current = Fill();
    }

    public static string BelowDcim(string path) => path["DCIM/".Length..];

    private DaemonCard Fill()
    {
        Expected.Clear();
        Left.Clear();
        Housekeeping.Clear();
        Proven.Clear();
        var photos = _random.Next(3, 9);
        GoProCard card;
        do
        {
            // Cameras keep counting across cards, but a seed may still repeat a name of an earlier generation;
            // names never repeat on one camera's bucket prefix here, so that "exactly once" can be counted.
            card = GoProCard.Realistic(CameraProfile.Hero10(Serial), photos, _nextSeed++, minBytes: 200_000, maxBytes: 2_500_000,
                photosPerFolder: (photos + 1) / 2);
        }
        while (card.Photos.Any(p => _usedPaths.Contains(p.RelativePath)));
        foreach (var photo in card.Photos)
        {
            _usedPaths.Add(photo.RelativePath);
            Expected.Add(photo.RelativePath, TestCard.Sha256Of(photo));
        }
        PhotosCreated += card.Photos.Count;
        Housekeeping.AddRange(card.ExtraFiles.Select(f => f.RelativePath));

        var daemonCard = DaemonCard.Create(card, ExFat, _imagePrefix);
        if (Hostile)
            AddHostileEntries(daemonCard);
        return daemonCard;
    }

    private void AddHostileEntries(DaemonCard card)
    {
        var g = Generation;
        // FAT long names allow these (not ? * : " < > | \); the kiosk takes them under exactly that name. Non-ASCII
        // names only on exFAT: fusefat, this machine's FAT driver, refuses to create them (the Pi's kernel vfat does not).
        List<string> taken = [$"DCIM/100GOPRO/a+b %20#&= {g}.JPG", $"DCIM/100GOPRO/(1) [2] it's {g}.JPG", $"DCIM/100GOPRO/Camera01/2024/G{g:D7}.JPG"];
        if (ExFat)
            taken.Add($"DCIM/100GOPRO/été 日本 {g}.JPG");
        var deep = $"DCIM/100GOPRO/a/b/c/d/DEEP{g:D4}.JPG"; // five folders under DCIM: one too deep, left on the card
        using var work = new TempDirectory("ailas-soak-fill");
        using var mounted = card.Image!.MountFuse(Path.Combine(work.Path, "mnt"));
        foreach (var path in taken.Append(deep))
        {
            var full = Path.Combine(mounted.MountPoint, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var bytes = Encoding.UTF8.GetBytes($"bytes of {path}");
            File.WriteAllBytes(full, bytes);
            if (path == deep)
                Left.Add(path);
            else
                Expected.Add(path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        PhotosCreated += taken.Count + 1;
    }

    public void Dispose() => Current.Dispose();
}
