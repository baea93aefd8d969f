using System.IO.Hashing;
using System.Security.Cryptography;
using AilasKiosk.Storage;

namespace AilasKiosk.Card;

/// <summary>The proof a file's bytes are known: size, SHA-256, MD5 and the ETag S3 must report for them.</summary>
/// <param name="Xxh128">
/// XXH3-128 of the same bytes: what the source re-read is compared with. The re-read guards against a card or
/// reader that returns other bytes than it stores, not against an adversary; a non-cryptographic hash at memory
/// speed does that, where a second SHA-256 cost a Pi's CPU as much as the upload.
/// </param>
internal sealed record FileDigest(long Size, string Sha256, string Md5, string ExpectedETag, string Xxh128);

/// <summary>
/// Computes every hash of a file in one pass over its bytes: SHA-256, MD5 and XXH3-128 of the whole, and the MD5
/// of each multipart part at the exact part size the uploader uses (<see cref="PartLayout"/>). The MD5 is also
/// the upload's Content-MD5, so no byte is hashed twice for the upload.
/// </summary>
internal sealed class DigestAccumulator : IDisposable
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly XxHash128 _xxh = new();
    private readonly IncrementalHash? _partMd5;
    private readonly IncrementalHash? _partsOfParts; // MD5 over the concatenated binary part MD5s
    private readonly long _partSize;
    private long _inPart;
    private int _parts;

    public DigestAccumulator(long expectedSize, PartLayout layout)
    {
        if (layout.IsMultipart(expectedSize))
        {
            _partSize = layout.PartSize(expectedSize);
            _partMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            _partsOfParts = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        }
    }

    public long BytesSeen { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _sha256.AppendData(data);
        _md5.AppendData(data);
        _xxh.Append(data);
        BytesSeen += data.Length;
        if (_partMd5 is null) return;
        while (!data.IsEmpty)
        {
            var take = (int)Math.Min(data.Length, _partSize - _inPart);
            _partMd5.AppendData(data[..take]);
            _inPart += take;
            data = data[take..];
            if (_inPart == _partSize) ClosePart();
        }
    }

    public FileDigest Finish()
    {
        var sha = Convert.ToHexStringLower(_sha256.GetHashAndReset());
        var md5 = Convert.ToHexStringLower(_md5.GetHashAndReset());
        var xxh = Convert.ToHexStringLower(_xxh.GetHashAndReset());
        if (_partMd5 is null)
            return new FileDigest(BytesSeen, sha, md5, md5, xxh);
        if (_inPart > 0 || _parts == 0) ClosePart();
        var etag = $"{Convert.ToHexStringLower(_partsOfParts!.GetHashAndReset())}-{_parts}";
        return new FileDigest(BytesSeen, sha, md5, etag, xxh);
    }

    private void ClosePart()
    {
        _partsOfParts!.AppendData(_partMd5!.GetHashAndReset());
        _parts++;
        _inPart = 0;
    }

    public void Dispose()
    {
        _sha256.Dispose();
        _md5.Dispose();
        _partMd5?.Dispose();
        _partsOfParts?.Dispose();
    }
}
