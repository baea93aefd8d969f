namespace AilasKiosk.Inspect.Gpmf;

/// <summary>
/// A read-only view of the first <c>limit</c> bytes of a seekable stream, from its current position.
/// JpegSegmentReader walks segments until SOS and hunts byte by byte for a marker through garbage, so on a
/// hostile file it would read all 15 MB; behind this window it sees end-of-file at the limit instead.
/// </summary>
/// <remarks>
/// MetadataExtractor's SequentialStreamReader skips unwanted segments with Position, Length and Seek, which
/// seek the inner stream: skipped bytes are not read. The inner stream is not disposed.
/// </remarks>
internal sealed class HeaderWindowStream : Stream
{
    private readonly Stream inner;
    private readonly long start;
    private readonly long length;
    private long position;

    public HeaderWindowStream(Stream inner, long limit)
    {
        if (!inner.CanSeek)
            throw new ArgumentException("the stream must be seekable", nameof(inner));
        this.inner = inner;
        start = inner.Position;
        length = Math.Clamp(inner.Length - start, 0, limit);
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int wanted = (int)Math.Min(buffer.Length, length - position);
        if (wanted <= 0)
            return 0;
        int read = inner.Read(buffer[..wanted]);
        position += read;
        return read;
    }

    public override int ReadByte()
    {
        if (position >= length)
            return -1;
        int value = inner.ReadByte();
        if (value >= 0)
            position++;
        return value;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0 || target > length)
            throw new IOException($"seek to {target} outside the {length}-byte header window");

        inner.Position = start + target;
        position = target;
        return position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
