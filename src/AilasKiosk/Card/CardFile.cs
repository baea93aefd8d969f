namespace AilasKiosk.Card;

/// <summary>One image on the card, as seen when the card was planned.</summary>
/// <param name="RelativePath">Path inside the card with '/' separators, e.g. DCIM/100GOPRO/G0030095.JPG.</param>
internal sealed record CardFile(string RelativePath, string FullPath, string Folder, string Name, long Size, DateTime LastWriteUtc);
