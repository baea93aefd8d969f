namespace AilasKiosk.Tests.Identify;

/// <summary>
/// A stream over bytes that records how much was read and how far in the reader got, and can pretend not to
/// be seekable (a pipe): the tests' proof that a reader stays inside its bounds.
/// </summary>
internal sealed class ObservedStream(byte[] data, bool seekable = true) : Stream
{
    private readonly MemoryStream inner = new(data, writable: false);

    // How often each of the first bytes was read, after the two of SOI (which a reader may sniff before its walk).
    private const int Counted = 64 * 1024;
    private readonly int[] readsOf = new int[Counted];

    public long BytesRead { get; private set; }

    /// <summary>How many times the header was walked: the most reads of any one byte of the first 64 KB after SOI.</summary>
    public int HeaderWalks => readsOf.Max();

    /// <summary>
    /// The furthest position reached by a read that did not start in the last two bytes: how far a header walk
    /// went, apart from the JPEG end-marker check.
    /// </summary>
    public long FurthestHeaderRead { get; private set; }

    /// <summary>The furthest position any read reached.</summary>
    public long FurthestRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => seekable;
    public override bool CanWrite => false;
    public override long Length => seekable ? inner.Length : throw new NotSupportedException();

    public override long Position
    {
        get => seekable ? inner.Position : throw new NotSupportedException();
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long from = inner.Position;
        bool tail = from >= inner.Length - 2;
        int read = inner.Read(buffer);
        for (long at = Math.Max(from, 2); at < Math.Min(from + read, Counted); at++)
            readsOf[at]++;
        BytesRead += read;
        if (!tail)
            FurthestHeaderRead = Math.Max(FurthestHeaderRead, inner.Position);
        FurthestRead = Math.Max(FurthestRead, inner.Position);
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        seekable ? inner.Seek(offset, origin) : throw new NotSupportedException();

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
