namespace AilasKiosk.Inspect.Gpmf;

/// <summary>What <see cref="GpmfReader.ParseLenient"/> could read, and why it stopped early if it did.</summary>
/// <param name="Entries">
/// The entries read before the first error. Every entry here is whole and lies inside the data; a container
/// cut short by the error keeps the children read before it.
/// </param>
/// <param name="Error">Null when all the data parsed; otherwise the reason, with its offset in the data.</param>
internal sealed record GpmfParseResult(IReadOnlyList<GpmfEntry> Entries, GpmfFormatException? Error)
{
    public bool IsComplete => Error is null;
}
