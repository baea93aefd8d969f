using System.Buffers;
using AilasKiosk.Platform;
using AilasKiosk.Storage;

namespace AilasKiosk.Card;

/// <summary>
/// Reads card files. A file up to the buffer limit is read once, into a pooled buffer, while every hash is
/// computed; the upload is then served from that buffer, so the bytes hashed are exactly the bytes sent.
/// Larger files are hashed in a first pass and streamed from the card for the upload; the server's ETag then
/// proves both passes saw the same bytes.
/// </summary>
internal sealed class CardFileReader(PartLayout layout, int maxBufferedBytes)
{
    private const int ChunkSize = 1024 * 1024;

    // One buffer per file in flight at most: memory stays flat however many photos the card holds.
    private readonly BufferPool _pool = new();

    public async Task<CardFileContent> ReadAsync(CardFile file, CancellationToken cancellationToken)
    {
        await using var stream = OpenForRead(file.FullPath);
        if (stream.Length != file.Size)
            throw new CardFileChangedException(file, $"size is now {stream.Length}, was {file.Size} when planned");

        using var digest = new DigestAccumulator(file.Size, layout);
        byte[]? buffer = file.Size <= maxBufferedBytes ? _pool.Rent((int)Math.Max(1, file.Size)) : null;
        try
        {
            var chunk = buffer is null ? ArrayPool<byte>.Shared.Rent(ChunkSize) : null;
            try
            {
                long total = 0;
                while (true)
                {
                    var target = buffer is null
                        ? chunk.AsMemory(0, ChunkSize)
                        : buffer.AsMemory((int)total, (int)Math.Min(ChunkSize, buffer.Length - total));
                    if (target.IsEmpty) break;
                    var read = await stream.ReadAsync(target, cancellationToken);
                    if (read == 0) break;
                    digest.Append(target.Span[..read]);
                    total += read;
                }
                // A file that grew past its planned size is not the file we planned.
                if (total != file.Size || (buffer is not null && stream.ReadByte() != -1))
                    throw new CardFileChangedException(file, $"read {total} bytes, expected {file.Size}");
            }
            finally
            {
                if (chunk is not null) ArrayPool<byte>.Shared.Return(chunk);
            }
            var result = new CardFileContent(file, digest.Finish(), buffer, buffer is null ? null : _pool);
            buffer = null; // ownership moved to the result
            return result;
        }
        finally
        {
            if (buffer is not null) _pool.Return(buffer);
        }
    }

    /// <summary>Reads the file again from the medium, its cached pages dropped first, and returns its SHA-256.</summary>
    public static async Task<string> ReadSha256FromMediumAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenForRead(path);
        Posix.DropPageCache(stream.SafeFileHandle);
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken)) > 0)
                sha.AppendData(chunk, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static FileStream OpenForRead(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0, // we read in 1 MiB chunks ourselves
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
}

/// <summary>A card file's digest and, when it fit, its bytes. Dispose returns the buffer to the pool.</summary>
internal sealed class CardFileContent(CardFile file, FileDigest digest, byte[]? buffer, BufferPool? pool) : IDisposable
{
    private byte[]? _buffer = buffer;

    public CardFile File { get; } = file;
    public FileDigest Digest { get; } = digest;

    /// <summary>The bytes to upload: the hashed buffer, or the card file streamed again for large files.</summary>
    public Stream OpenContent() =>
        _buffer is not null
            ? new MemoryStream(_buffer, 0, (int)Digest.Size, writable: false)
            : CardFileReader.OpenForRead(File.FullPath);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) pool!.Return(buffer);
    }
}

/// <summary>A card file differs from what was planned or uploaded: it must not be wiped.</summary>
internal sealed class CardFileChangedException(CardFile file, string detail)
    : Exception($"{file.RelativePath} changed on the card: {detail}")
{
    public CardFile File { get; } = file;
}
