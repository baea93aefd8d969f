using System.IO.Enumeration;
using AilasKiosk.Configuration;

namespace AilasKiosk.Detect;

/// <summary>
/// Which readers this kiosk takes cards from (Cards:Readers): every reader when the list is empty, else those whose
/// <see cref="BlockDevice.Reader"/> matches one of the patterns ('*' any run of characters, '?' one; case matters).
/// Lets a maintainer keep a USB port for something else, and two kiosks share one machine without taking each
/// other's cards.
/// </summary>
internal sealed class ReaderFilter(CardsOptions options)
{
    public bool TakesAll => options.Readers.Count == 0;

    public bool Takes(BlockDevice device) =>
        TakesAll || options.Readers.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, device.Reader, ignoreCase: false));

    public override string ToString() => TakesAll ? "every reader" : "readers " + string.Join(", ", options.Readers);
}
