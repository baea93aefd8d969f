using System.Collections.Concurrent;

namespace AilasKiosk.Card;

/// <summary>
/// Holds at most one reusable buffer per file in flight, each grown to the largest file it has served
/// (rounded to 1 MiB). Unlike the shared ArrayPool's power-of-two buckets, this keeps memory at
/// concurrency × largest photo, whatever the number of photos.
/// </summary>
internal sealed class BufferPool
{
    private const int Granularity = 1024 * 1024;
    private readonly ConcurrentBag<byte[]> _free = [];

    public byte[] Rent(int minimumLength)
    {
        if (_free.TryTake(out var buffer) && buffer.Length >= minimumLength)
            return buffer;
        // A too-small buffer is dropped for the GC; the new one replaces it.
        var rounded = (int)Math.Min(Array.MaxLength, ((long)minimumLength + Granularity - 1) / Granularity * Granularity);
        return GC.AllocateUninitializedArray<byte>(Math.Max(rounded, Granularity));
    }

    public void Return(byte[] buffer) => _free.Add(buffer);
}
