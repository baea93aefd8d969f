namespace AilasKiosk.Card;

/// <summary>
/// One card is read by one file at a time. An SD card behind a USB reader (and the FUSE driver of a test card)
/// delivers one sequential stream fastest; several files read at once make it seek between them. Uploads,
/// hashing and verification of other files go on meanwhile, so the card is kept busy without being shared.
/// </summary>
internal sealed class CardLane : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the card; dispose the result to hand it on.</summary>
    public async Task<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Turn(_gate);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The card is this reader's until disposed.</summary>
    internal readonly struct Turn(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
