namespace AilasKiosk.Card;

/// <summary>One image on the card, as seen when the card was planned.</summary>
/// <param name="Directory">The directory holding the file, as found on the card (a "dcim" may be lower case): one
/// string shared by all the files of a folder.</param>
/// <param name="RelativePath">Path inside the card with '/' separators, e.g. DCIM/100GOPRO/G0030095.JPG.</param>
/// <remarks>
/// A card holds up to ~15,000 of these for the whole session, so only the relative path is stored; the full
/// path, folder and name are derived when asked for (holding all four made memory grow ~250 bytes per photo).
/// </remarks>
internal sealed record CardFile(string Directory, string RelativePath, long Size, DateTime LastWriteUtc)
{
    public string FullPath => Path.Join(Directory, Name);

    /// <summary>The folder under DCIM/ holding the file, e.g. 100GOPRO, or Camera01/2024 for a nested one.</summary>
    public string Folder
    {
        get
        {
            var start = RelativePath.IndexOf('/') + 1;
            var end = RelativePath.LastIndexOf('/');
            return end < start ? "" : RelativePath[start..end];
        }
    }

    public string Name => RelativePath[(RelativePath.LastIndexOf('/') + 1)..];
}
