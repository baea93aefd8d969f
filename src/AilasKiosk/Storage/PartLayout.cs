namespace AilasKiosk.Storage;

/// <summary>
/// How an object of a given size is uploaded. S3 ETags depend on it: a single PUT's ETag is the MD5 of the body;
/// a multipart ETag is the MD5 of the concatenated binary part MD5s, then "-N". Predicting the ETag locally is
/// what lets a stat prove the server holds our bytes.
/// </summary>
/// <param name="MultipartThreshold">Objects of at least this size are sent in parts (by the Minio SDK).</param>
/// <param name="MinimumPartSize">Part sizes are rounded up to a multiple of this.</param>
/// <param name="MaxParts">S3's limit on the number of parts.</param>
internal sealed record PartLayout(long MultipartThreshold, long MinimumPartSize, int MaxParts)
{
    /// <summary>S3 refuses a single PUT above 5 GiB.</summary>
    public const long MaxSinglePutBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>The Minio .NET SDK 7.0.0 sends objects of 5 MiB and more in parts; below that, one PUT.</summary>
    public const long MinioMultipartThreshold = 5L * 1024 * 1024;

    /// <summary>Minio .NET SDK 7.0.0 alone: multipart from 5 MiB, parts of ceil(size/10000) rounded up to 16 MiB.</summary>
    public static readonly PartLayout Minio7 = new(MinioMultipartThreshold, 16L * 1024 * 1024, 10_000);

    /// <summary>
    /// The kiosk's layout: one PUT for objects up to <paramref name="maxSinglePutBytes"/> (sent by
    /// <see cref="S3ObjectRequests"/>), larger ones in the Minio SDK's parts. The limit is at least Minio's own
    /// threshold, so every object above it is one the SDK does send in parts.
    /// </summary>
    public static PartLayout SinglePutUpTo(long maxSinglePutBytes) =>
        Minio7 with { MultipartThreshold = Math.Clamp(maxSinglePutBytes, MinioMultipartThreshold - 1, MaxSinglePutBytes) + 1 };

    public bool IsMultipart(long size) => size >= MultipartThreshold;

    /// <summary>The part size used for an object of <paramref name="size"/> bytes (the whole size for a single PUT).</summary>
    public long PartSize(long size)
    {
        if (!IsMultipart(size)) return size;
        var perPart = (size + MaxParts - 1) / MaxParts;
        return (perPart + MinimumPartSize - 1) / MinimumPartSize * MinimumPartSize;
    }
}
