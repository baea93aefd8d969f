namespace AilasKiosk.Crew.Screens;

/// <summary>
/// OLEDs burn in. The idle screen is the one left on for hours, so it is drawn with a small offset that moves
/// one pixel every <see cref="Period"/>, walking a snake path over the 4×4 offsets (0…3, 0…3).
/// The offset is a pure function of the injected clock.
/// </summary>
internal sealed class BurnInGuard
{
    public const int MaxShift = 3;
    private const int Side = MaxShift + 1;

    private readonly TimeProvider _time;

    public BurnInGuard(TimeProvider time, TimeSpan? period = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        Period = period ?? TimeSpan.FromMinutes(2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Period, TimeSpan.Zero, nameof(period));
        _time = time;
    }

    public TimeSpan Period { get; }

    public (int Dx, int Dy) Offset => OffsetAt(_time.GetUtcNow());

    public (int Dx, int Dy) OffsetAt(DateTimeOffset now)
    {
        var step = (int)(((now.UtcTicks / Period.Ticks) % (Side * Side) + Side * Side) % (Side * Side));
        var row = step / Side;
        var col = step % Side;
        return (row % 2 == 0 ? col : MaxShift - col, row);
    }
}
