namespace AilasKiosk.Inspect;

/// <summary>What can be wrong with an image, for Panoramax or at all. An image can have several.</summary>
internal enum ImageProblem
{
    ZeroBytes,
    NotJpeg,
    Truncated,

    /// <summary>A JPEG whose EXIF is missing or damaged.</summary>
    UnreadableMetadata,

    NoCaptureTime,

    /// <summary>No usable position: no GPS directory, or one with impossible values. (0, 0) is counted apart.</summary>
    NoGps,

    GpsAtZero,

    /// <summary>The camera clock is off GPS time by more than the threshold, once its time zone is allowed for.</summary>
    ClockSkew,
}

/// <summary>
/// Which problems one image has: the single place that turns facts into problems. Each image is charged
/// with the root cause first: an empty file, a non-JPEG or a JPEG without EXIF is not also counted as
/// lacking GPS and time, so the data team is sent looking for the right thing.
/// </summary>
internal static class ImageProblems
{
    public static IEnumerable<ImageProblem> Of(ImageFacts facts, TimeSpan clockSkewThreshold)
    {
        switch (facts.Integrity)
        {
            case ImageIntegrity.ZeroBytes: yield return ImageProblem.ZeroBytes; yield break;
            case ImageIntegrity.NotJpeg: yield return ImageProblem.NotJpeg; yield break;
            case ImageIntegrity.Truncated: yield return ImageProblem.Truncated; break;
        }
        if (facts.Metadata != MetadataStatus.Read)
            yield return ImageProblem.UnreadableMetadata;
        if (facts.Metadata == MetadataStatus.Missing)
            yield break;

        // What was read (also from damaged EXIF) is judged like any other picture's.
        if (facts.CaptureTime is null)
            yield return ImageProblem.NoCaptureTime;
        if (facts.GpsState is GpsState.Missing or GpsState.Invalid)
            yield return ImageProblem.NoGps;
        if (facts.GpsState == GpsState.AtZero)
            yield return ImageProblem.GpsAtZero;
        if (facts.Clock is { } clock && clock.Skew.Duration() > clockSkewThreshold)
            yield return ImageProblem.ClockSkew;
    }
}
