using AilasKiosk.Inspect.Gpmf;

namespace AilasKiosk.Inspect;

/// <summary>Whether the file as a whole looks like a complete JPEG. Exactly one applies.</summary>
internal enum ImageIntegrity
{
    /// <summary>Starts with SOI (FF D8) and ends with EOI (FF D9).</summary>
    Intact,

    /// <summary>The file is empty: a card or camera that lost the picture.</summary>
    ZeroBytes,

    /// <summary>The file does not start with SOI: whatever it is, it is not a JPEG picture.</summary>
    NotJpeg,

    /// <summary>Starts like a JPEG but its last two bytes are not EOI: the write was cut short.</summary>
    Truncated,
}

/// <summary>What became of the EXIF block.</summary>
internal enum MetadataStatus
{
    /// <summary>EXIF found and every field we need was where its directory said.</summary>
    Read,

    /// <summary>No EXIF segment (also for empty and non-JPEG files): nothing to read.</summary>
    Missing,

    /// <summary>EXIF (or the segments before it) is broken; whatever could be read is still reported.</summary>
    Damaged,
}

/// <summary>What the GPS directory says about the position.</summary>
internal enum GpsState
{
    /// <summary>No GPS directory, or one without latitude/longitude (GPS off).</summary>
    Missing,

    /// <summary>(0, 0): GoPro writes this before its receiver has a fix. Not a real position.</summary>
    AtZero,

    /// <summary>Latitude/longitude present but unusable (outside ±90/±180, zero denominators).</summary>
    Invalid,

    /// <summary>A plausible position.</summary>
    Valid,
}

/// <summary>How the picture is projected, which decides how Panoramax shows it.</summary>
public enum Projection
{
    /// <summary>An ordinary (flat) photo.</summary>
    Flat,

    /// <summary>A 360° panorama: XMP GPano:ProjectionType is "equirectangular" (GoPro MAX).</summary>
    Equirectangular,
}

/// <summary>A position in decimal degrees (south and west negative), altitude in metres when recorded.</summary>
internal sealed record GpsPosition(double Latitude, double Longitude, double? Altitude);

/// <summary>
/// What one image tells about itself: where, when, how projected, whether the file is whole, and which camera
/// took it. Made by <see cref="ImageInspector"/> from one read of the header, and the only source of image
/// metadata for keys, identification, checks and the manifest, so they cannot disagree. Whatever could not be
/// read is null (or a Missing/Damaged state), never a guess.
/// </summary>
internal sealed record ImageFacts
{
    public required long FileSize { get; init; }

    public ImageIntegrity Integrity { get; init; }

    public MetadataStatus Metadata { get; init; } = MetadataStatus.Missing;

    /// <summary>
    /// The camera clock when the picture was taken (DateTimeOriginal, else IFD0 DateTime), with the
    /// sub-seconds of SubSecTimeOriginal when present. Local time of whatever zone the camera was set to:
    /// <see cref="DateTimeKind.Unspecified"/>.
    /// </summary>
    public DateTime? CaptureTime { get; init; }

    /// <summary>The camera wrote sub-seconds (HERO10 and later): Panoramax then trusts the camera clock over GPS time.</summary>
    public bool HasSubSeconds { get; init; }

    public GpsState GpsState { get; init; } = GpsState.Missing;

    /// <summary>The position when <see cref="GpsState"/> is Valid or AtZero; null otherwise.</summary>
    public GpsPosition? Gps { get; init; }

    /// <summary>GPSDateStamp + GPSTimeStamp, UTC (<see cref="DateTimeKind.Utc"/>).</summary>
    public DateTime? GpsTimeUtc { get; init; }

    /// <summary>A real position: the manifest's per-file "gps", the same verdict the checks count (not Missing, Invalid or AtZero).</summary>
    public bool HasGps => GpsState == GpsState.Valid;

    /// <summary>Camera clock against GPS time; only when both exist and the GPS has a real fix (Valid).</summary>
    public ClockOffset? Clock { get; init; }

    public Projection Projection { get; init; } = Projection.Flat;

    public bool Is360 => Projection == Projection.Equirectangular;

    /// <summary>EXIF IFD0 Make, Model, Software (trimmed).</summary>
    public string? Make { get; init; }

    public string? Model { get; init; }

    public string? Software { get; init; }

    /// <summary>EXIF BodySerialNumber (0xA431), as written: not checked for plausibility here.</summary>
    public string? BodySerial { get; init; }

    /// <summary>The identity in GoPro's GPMF (APP6), for firmware that writes no EXIF serial.</summary>
    public GoProCameraInfo? GoPro { get; init; }
}
