namespace AilasKiosk.CardFactory;

/// <summary>Width × height in pixels, as EXIF reports them.</summary>
public readonly record struct PixelSize(int Width, int Height);

/// <summary>How a camera writes <c>MISC/version.txt</c>.</summary>
public enum VersionTxtDialect
{
    /// <summary>HERO5–HERO7: a comma after every line, including the last one before <c>}</c> (invalid JSON).</summary>
    TrailingCommas,

    /// <summary>HERO8 and later, MAX: commas at the start of lines (unusual but valid JSON).</summary>
    LeadingCommas,
}

/// <summary>How the camera lays out the GPMF settings in the JPEG's APP6 segment.</summary>
public enum GpmfLayout
{
    /// <summary>HERO5–HERO7: DEVC "Photo Global Settings" holding a nested STRM with the settings.</summary>
    NestedStream,

    /// <summary>HERO8 and later, MAX: DEVC "Global Settings" holding the settings directly, with VERS.</summary>
    GlobalSettings,
}

/// <summary>
/// Everything that identifies a camera and shapes the files it writes. The values of the
/// static factories come from real files (testdata/gopro: GoPro.jpg and the exiftool dumps).
/// </summary>
public sealed record CameraProfile
{
    public string Make { get; init; } = "GoPro";
    public required string Model { get; init; }
    public required string Serial { get; init; }
    public required string Firmware { get; init; }

    /// <summary>The model as version.txt names it ("camera type").</summary>
    public required string CameraType { get; init; }

    public required VersionTxtDialect VersionTxtDialect { get; init; }
    public required GpmfLayout GpmfLayout { get; init; }

    /// <summary>GPMF VERS (metadata version), written by the GlobalSettings layout only.</summary>
    public byte[] GpmfVersion { get; init; } = [];

    /// <summary>HERO10 and later write SubSecTime*; Panoramax then trusts the camera clock.</summary>
    public required bool WritesSubSeconds { get; init; }

    /// <summary>Size of a flat (non-360) photo.</summary>
    public required PixelSize PhotoSize { get; init; }

    /// <summary>Size of a 360° equirectangular photo; null when the camera cannot shoot 360.</summary>
    public PixelSize? SphericalSize { get; init; }

    public bool Shoots360 => SphericalSize is not null;

    public required double FNumber { get; init; }

    /// <summary>GPMF RATE of the time-lapse the crews shoot (e.g. "2_1SEC": one photo every 2 s).</summary>
    public string TimeLapseRate { get; init; } = "2_1SEC";

    /// <summary>A stable fake Wi-Fi MAC (GoPro's 24:74:f7 prefix) derived from the serial.</summary>
    public string WifiMac => "2474f7" + (StableHash(Serial) & 0xFFFFFF).ToString("x6");

    public static CameraProfile Hero10(string serial = "C3461325454327") => new()
    {
        Model = "HERO10 Black",
        Serial = serial,
        Firmware = "H21.01.01.10.00",
        CameraType = "HERO10 Black",
        VersionTxtDialect = VersionTxtDialect.LeadingCommas,
        GpmfLayout = GpmfLayout.GlobalSettings,
        GpmfVersion = [8, 1, 4],
        WritesSubSeconds = true,
        PhotoSize = new(5568, 4176),
        FNumber = 2.5,
    };

    public static CameraProfile Max(string serial = "C3351324612139") => new()
    {
        Model = "GoPro Max",
        Serial = serial,
        Firmware = "H19.03.02.00.00",
        CameraType = "GoPro Max",
        VersionTxtDialect = VersionTxtDialect.LeadingCommas,
        GpmfLayout = GpmfLayout.GlobalSettings,
        GpmfVersion = [8, 1, 2],
        WritesSubSeconds = false,
        PhotoSize = new(2704, 2028),
        SphericalSize = new(5760, 2880),
        FNumber = 2.8,
    };

    public static CameraProfile Hero6(string serial = "C3221324657219") => new()
    {
        Model = "HERO6 Black",
        Serial = serial,
        Firmware = "HD6.01.01.51.00",
        CameraType = "HERO6 Black",
        VersionTxtDialect = VersionTxtDialect.TrailingCommas,
        GpmfLayout = GpmfLayout.NestedStream,
        WritesSubSeconds = false,
        PhotoSize = new(4000, 3000),
        FNumber = 2.8,
        TimeLapseRate = "4_1SEC",
    };

    /// <summary>Looks a profile up by the short name the CLI uses (hero10, max, hero6).</summary>
    public static CameraProfile ByName(string name, string? serial = null) => name.ToLowerInvariant() switch
    {
        "hero10" => serial is null ? Hero10() : Hero10(serial),
        "max" => serial is null ? Max() : Max(serial),
        "hero6" => serial is null ? Hero6() : Hero6(serial),
        _ => throw new ArgumentException($"unknown camera '{name}' (hero10, max, hero6)", nameof(name)),
    };

    // FNV-1a: string.GetHashCode is randomised per process, and cards must be reproducible.
    internal static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
            hash = (hash ^ c) * 16777619;
        return hash;
    }
}
