using System.Globalization;
using System.Numerics;

namespace AilasKiosk.CardFactory;

/// <summary>Bad command line: Program prints the message and the usage, and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The make-card command line, parsed.</summary>
public sealed record CliOptions
{
    public const string Usage = """
        usage: make-card --out DIR_OR_IMG --photos N [--camera hero10|max|hero6] [--serial S] [--seed K]
                         [--min-mb A --max-mb B] [--photos-per-folder P]
                         [--image [--exfat] [--size-mb M] [--label L] [--mount MOUNTPOINT]]

          Without --image, writes the card's tree into directory DIR.
          With --image, builds a FAT32 (or exFAT) image file IMG, sized to fit unless --size-mb,
          and with --mount leaves it mounted read-write through FUSE (unmount: fusermount -u MOUNTPOINT).
        """;

    public required string Out { get; init; }
    public required int Photos { get; init; }
    public string Camera { get; init; } = "hero10";
    public string? Serial { get; init; }
    public int Seed { get; init; } = 1;
    public double MinMb { get; init; } = 1;
    public double MaxMb { get; init; } = 15;
    public int PhotosPerFolder { get; init; } = 999;
    public bool Image { get; init; }
    public bool ExFat { get; init; }
    public long? SizeMb { get; init; }
    public string? Label { get; init; }
    public string? Mount { get; init; }

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "--image" or "--exfat")
                flags.Add(name);
            else if (name is "--out" or "--photos" or "--camera" or "--serial" or "--seed" or "--min-mb" or "--max-mb"
                     or "--photos-per-folder" or "--size-mb" or "--label" or "--mount")
                values[name] = i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value");
            else
                throw new UsageException($"unknown argument '{name}'");
        }

        var options = new CliOptions
        {
            Out = values.GetValueOrDefault("--out") ?? throw new UsageException("--out is required"),
            Photos = Number<int>(values, "--photos") ?? throw new UsageException("--photos is required"),
            Camera = values.GetValueOrDefault("--camera", "hero10"),
            Serial = values.GetValueOrDefault("--serial"),
            Seed = Number<int>(values, "--seed") ?? 1,
            MinMb = Number<double>(values, "--min-mb") ?? 1,
            MaxMb = Number<double>(values, "--max-mb") ?? 15,
            PhotosPerFolder = Number<int>(values, "--photos-per-folder") ?? 999,
            Image = flags.Contains("--image"),
            ExFat = flags.Contains("--exfat"),
            SizeMb = Number<long>(values, "--size-mb"),
            Label = values.GetValueOrDefault("--label"),
            Mount = values.GetValueOrDefault("--mount"),
        };

        if (options.Camera is not ("hero10" or "max" or "hero6"))
            throw new UsageException($"unknown camera '{options.Camera}'");
        if (options.Photos < 0 || options.PhotosPerFolder < 1 || options.MinMb <= 0 || options.MinMb > options.MaxMb)
            throw new UsageException("need --photos ≥ 0, --photos-per-folder ≥ 1 and 0 < --min-mb ≤ --max-mb");
        if (!options.Image && (options.ExFat || options.SizeMb is not null || options.Label is not null || options.Mount is not null))
            throw new UsageException("--exfat, --size-mb, --label and --mount need --image");
        return options;
    }

    private static T? Number<T>(Dictionary<string, string> values, string name) where T : struct, INumber<T> =>
        !values.TryGetValue(name, out string? text) ? null
        : T.TryParse(text, CultureInfo.InvariantCulture, out T value) ? value
        : throw new UsageException($"{name} wants a number, not '{text}'");
}
