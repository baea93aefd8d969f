using System.Buffers;
using System.IO.Hashing;
using AilasKiosk.Platform;
using AilasKiosk.Storage;

namespace AilasKiosk.Card;

/// <summary>
/// Reads card files. A file up to the buffer limit is read once, into a pooled buffer, then hashed from it; the
/// upload is served from that buffer, so the bytes hashed are exactly the bytes sent. Larger files are hashed in
/// a first pass and streamed from the card for the upload; the upload's Content-MD5 (and then the server's ETag)
/// proves both passes saw the same bytes. Every read of the card takes its <see cref="CardLane"/>; hashing does not.
/// </summary>
internal sealed class CardFileReader(PartLayout layout, int maxBufferedBytes)
{
    private const int ChunkSize = 1024 * 1024;

    // One buffer per file in flight at most: memory stays flat however many photos the card holds.
    private readonly BufferPool _pool = new();

    /// <summary>No card in progress: the pooled buffers are let go (see <see cref="Offload.IdleMemoryRelease"/>).</summary>
    public int ReleaseBuffers() => _pool.Clear();

    /// <summary>Buffers kept for the next files.</summary>
    public int PooledBuffers => _pool.Count;

    public async Task<CardFileContent> ReadAsync(CardFile file, CardLane lane, CancellationToken cancellationToken)
    {
        if (file.Size > maxBufferedBytes)
            return new CardFileContent(file, await HashStreamedAsync(file, lane, cancellationToken), null, null);

        var buffer = _pool.Rent((int)Math.Max(1, file.Size));
        try
        {
            using (await lane.EnterAsync(cancellationToken))
                await ReadWholeAsync(file, buffer, cancellationToken);
            // Hashed after the card is handed on: the next file is read while this one is hashed (a Pi 4 computes
            // SHA-256 more slowly than a good card delivers bytes).
            using var digest = new DigestAccumulator(file.Size, layout);
            digest.Append(buffer.AsSpan(0, (int)file.Size));
            var result = new CardFileContent(file, digest.Finish(), buffer, _pool);
            buffer = null; // ownership moved to the result
            return result;
        }
        finally
        {
            if (buffer is not null) _pool.Return(buffer);
        }
    }

    /// <summary>Reads the file again from the medium, its cached pages dropped first, and returns its XXH3-128.</summary>
    public static async Task<string> ReadXxh128FromMediumAsync(CardFile file, CardLane lane, CancellationToken cancellationToken)
    {
        using var turn = await lane.EnterAsync(cancellationToken);
        return await ReadingAsync(file, async () =>
        {
            await using var stream = OpenForRead(file.FullPath);
            Posix.DropPageCache(stream.SafeFileHandle);
            var hash = new XxHash128();
            var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken)) > 0)
                    hash.Append(chunk.AsSpan(0, read));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        });
    }

    /// <summary>Runs one read of <paramref name="file"/>; a read that fails on the medium (EIO) says so in plain words.</summary>
    private static async Task<T> ReadingAsync<T>(CardFile file, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (IOException e) when (CardFileUnreadableException.IsReadFailure(e))
        {
            throw new CardFileUnreadableException(file, e);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> with the whole file; a file that is not its planned size is refused.</summary>
    private static async Task ReadWholeAsync(CardFile file, byte[] buffer, CancellationToken cancellationToken) =>
        await ReadingAsync(file, async () =>
        {
            await ReadWholeUnguardedAsync(file, buffer, cancellationToken);
            return true; // nothing to return: the bytes are in the buffer
        });

    private static async Task ReadWholeUnguardedAsync(CardFile file, byte[] buffer, CancellationToken cancellationToken)
    {
        await using var stream = OpenForRead(file.FullPath);
        if (stream.Length != file.Size)
            throw new CardFileChangedException(file, $"size is now {stream.Length}, was {file.Size} when planned");
        // From the medium, not from pages an earlier session left in memory: when the object is already in the
        // bucket, this read is the second, independent one that proves the card (DESIGN.md §4).
        Posix.DropPageCache(stream.SafeFileHandle);
        var total = 0;
        while (total < file.Size)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total, (int)Math.Min(ChunkSize, file.Size - total)), cancellationToken);
            if (read == 0) break;
            total += read;
        }
        // A file that shrank or grew past its planned size is not the file we planned.
        if (total != file.Size || stream.ReadByte() != -1)
            throw new CardFileChangedException(file, $"read {total} bytes, expected {file.Size}");
    }

    /// <summary>A file too large to hold: hashed chunk by chunk as it is read; the upload streams it again.</summary>
    private async Task<FileDigest> HashStreamedAsync(CardFile file, CardLane lane, CancellationToken cancellationToken)
    {
        using var turn = await lane.EnterAsync(cancellationToken);
        return await ReadingAsync(file, () => HashStreamedUnguardedAsync(file, cancellationToken));
    }

    private async Task<FileDigest> HashStreamedUnguardedAsync(CardFile file, CancellationToken cancellationToken)
    {
        await using var stream = OpenForRead(file.FullPath);
        if (stream.Length != file.Size)
            throw new CardFileChangedException(file, $"size is now {stream.Length}, was {file.Size} when planned");
        Posix.DropPageCache(stream.SafeFileHandle);
        using var digest = new DigestAccumulator(file.Size, layout);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken)) > 0)
                digest.Append(chunk.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (digest.BytesSeen != file.Size)
            throw new CardFileChangedException(file, $"read {digest.BytesSeen} bytes, expected {file.Size}");
        return digest.Finish();
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

/// <summary>
/// A card file whose read failed part way (EIO from a worn card or a bad reader): it stays on the card, and the
/// message says so in plain words. Still an <see cref="IOException"/>, so every caller that handles one handles this.
/// </summary>
internal sealed class CardFileUnreadableException(CardFile file, IOException inner) : IOException(MessageFor(file, inner), inner)
{
    // errno EIO, which .NET on Linux gives as the IOException's HResult.
    private const int InputOutputError = 5;

    public CardFile File { get; } = file;

    /// <summary>A failed read of a file that is there; a file gone from the card is another story, told by its own exception.</summary>
    public static bool IsReadFailure(IOException e) =>
        e is not (CardFileUnreadableException or FileNotFoundException or DirectoryNotFoundException);

    private static string MessageFor(CardFile file, IOException inner) =>
        inner.HResult == InputOutputError
            ? $"{file.RelativePath} could not be read from the card (I/O error): check the card, it may be worn"
            : $"{file.RelativePath} could not be read from the card ({inner.Message}): check the card";
}
