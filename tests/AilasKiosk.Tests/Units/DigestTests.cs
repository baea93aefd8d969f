using System.Security.Cryptography;
using AilasKiosk.Card;
using AilasKiosk.Storage;

namespace AilasKiosk.Tests.Units;

public class DigestTests
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5 * MiB - 1)]
    public void Below_the_multipart_threshold_the_ETag_is_the_MD5_of_the_body(int size)
    {
        var data = RandomBytes(size, seed: size);
        var digest = Digest(data, chunk: 7919);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), digest.ExpectedETag);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), digest.Sha256);
        Assert.Equal(size, digest.Size);
    }

    [Theory]
    [InlineData(5 * MiB, 1)]            // exactly the threshold: multipart with one part
    [InlineData(15 * MiB, 1)]           // a large GoPro photo: one 16 MiB part
    [InlineData(16 * MiB, 1)]
    [InlineData(40 * MiB, 3)]           // 16 + 16 + 8 MiB
    public void From_the_threshold_the_ETag_is_the_MD5_of_the_part_MD5s(int size, int parts)
    {
        var data = RandomBytes(size, seed: size);
        var digest = Digest(data, chunk: 1_000_003);

        var partMd5s = new List<byte>();
        for (var offset = 0; offset < size; offset += 16 * MiB)
            partMd5s.AddRange(MD5.HashData(data.AsSpan(offset, Math.Min(16 * MiB, size - offset))));
        Assert.Equal($"{Convert.ToHexStringLower(MD5.HashData(partMd5s.ToArray()))}-{parts}", digest.ExpectedETag);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), digest.Md5);
    }

    [Fact]
    public void Part_size_follows_the_Minio_SDK()
    {
        var layout = PartLayout.Minio7;
        Assert.False(layout.IsMultipart(5L * MiB - 1));
        Assert.True(layout.IsMultipart(5L * MiB));
        Assert.Equal(16L * MiB, layout.PartSize(20L * MiB));
        Assert.Equal(16L * MiB, layout.PartSize(10_000L * 16 * MiB)); // up to ~167 GB: 16 MiB parts
        // Past 10,000 parts of 16 MiB the part grows in 16 MiB steps.
        Assert.Equal(32L * MiB, layout.PartSize(10_000L * 16 * MiB + 1));
    }

    [Fact]
    public void The_kiosk_sends_one_PUT_up_to_its_limit_and_Minio_parts_above_it()
    {
        var layout = PartLayout.SinglePutUpTo(512L * MiB);
        Assert.False(layout.IsMultipart(15L * MiB)); // every photo: one request, ETag = MD5
        Assert.False(layout.IsMultipart(512L * MiB));
        Assert.True(layout.IsMultipart(512L * MiB + 1));
        Assert.Equal(16L * MiB, layout.PartSize(512L * MiB + 1));
        // Never below the SDK's own threshold (it would send parts where one PUT is expected), never above S3's limit.
        Assert.Equal(PartLayout.Minio7.MultipartThreshold, PartLayout.SinglePutUpTo(1).MultipartThreshold);
        Assert.True(PartLayout.SinglePutUpTo(long.MaxValue).IsMultipart(PartLayout.MaxSinglePutBytes + 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    [InlineData(3 * MiB + 17)]
    public void The_re_read_hash_is_XXH3_128_of_the_same_bytes(int size)
    {
        var data = RandomBytes(size, seed: size + 1);
        Assert.Equal(Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(data)), Digest(data, chunk: 65_537).Xxh128);
    }

    private static FileDigest Digest(byte[] data, int chunk)
    {
        using var accumulator = new DigestAccumulator(data.Length, PartLayout.Minio7);
        for (var offset = 0; offset < data.Length; offset += chunk)
            accumulator.Append(data.AsSpan(offset, Math.Min(chunk, data.Length - offset)));
        return accumulator.Finish();
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }
}
