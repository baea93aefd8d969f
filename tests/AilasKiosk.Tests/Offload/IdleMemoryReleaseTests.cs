using AilasKiosk.Card;
using AilasKiosk.Offload;
using AilasKiosk.Storage;
using AilasKiosk.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AilasKiosk.Tests.Offload;

/// <summary>
/// The card buffers are kept while any card is in progress and let go when the last one ends: a kiosk idle between
/// crews does not hold ~100 MiB of buffers from the last two cards.
/// </summary>
public class IdleMemoryReleaseTests
{
    [Fact]
    public async Task Buffers_stay_while_a_card_is_in_progress_and_are_released_when_the_last_one_ends()
    {
        using var dir = new TempDirectory();
        var reader = new CardFileReader(PartLayout.Minio7, 32 * 1024 * 1024);
        var idle = new IdleMemoryRelease(reader, NullLogger<IdleMemoryRelease>.Instance);
        using var lane = new CardLane();

        var first = idle.SessionRunning();
        var second = idle.SessionRunning();
        (await reader.ReadAsync(Photo(dir, "A.JPG", 3000), lane, CancellationToken.None)).Dispose();
        (await reader.ReadAsync(Photo(dir, "B.JPG", 5000), lane, CancellationToken.None)).Dispose();
        Assert.Equal(1, reader.PooledBuffers); // read one after the other: one buffer, reused

        first.Dispose();
        Assert.Equal(1, reader.PooledBuffers); // the other card still needs it
        first.Dispose(); // disposing twice counts once
        Assert.Equal(1, reader.PooledBuffers);

        second.Dispose();
        Assert.Equal(0, reader.PooledBuffers);

        // The next card gets a buffer again.
        using (idle.SessionRunning())
        {
            using var content = await reader.ReadAsync(Photo(dir, "C.JPG", 4000), lane, CancellationToken.None);
            Assert.Equal(4000, content.Digest.Size);
        }
        Assert.Equal(0, reader.PooledBuffers);
    }

    private static CardFile Photo(TempDirectory dir, string name, int size)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllBytes(path, new byte[size]);
        return new CardFile(dir.Path, "DCIM/100GOPRO/" + name, size, File.GetLastWriteTimeUtc(path));
    }
}
