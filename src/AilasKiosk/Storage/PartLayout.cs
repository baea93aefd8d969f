namespace AilasKiosk.Storage;

/// <summary>
/// How an object of a given size is split for upload. S3 ETags depend on it: a single PUT's ETag is the MD5 of
/// the body; a multipart ETag is the MD5 of the concatenated binary part MD5s, then "-N". Predicting the ETag
/// locally is what lets a stat prove the server holds our bytes.
/// </summary>
/// <param name="MultipartThreshold">Objects of at least this size are sent in parts.</param>
/// <param name="MinimumPartSize">Part sizes are rounded up to a multiple of this.</param>
/// <param name="MaxParts">S3's limit on the number of parts.</param>
internal sealed record PartLayout(long MultipartThreshold, long MinimumPartSize, int MaxParts)
{
    /// <summary>Minio .NET SDK 7.0.0: multipart from 5 MiB, parts of ceil(size/10000) rounded up to 16 MiB.</summary>
    public static readonly PartLayout Minio7 = new(5L * 1024 * 1024, 16L * 1024 * 1024, 10_000);

    public bool IsMultipart(long size) => size >= MultipartThreshold;

    /// <summary>The part size used for an object of <paramref name="size"/> bytes (the whole size for a single PUT).</summary>
    public long PartSize(long size)
    {
        if (!IsMultipart(size)) return size;
        var perPart = (size + MaxParts - 1) / MaxParts;
        return (perPart + MinimumPartSize - 1) / MinimumPartSize * MinimumPartSize;
    }
}
