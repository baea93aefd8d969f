using AilasKiosk.Card;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Units;

/// <summary>What the scanner lists of a card tree, and the paths each listed file derives from what it stores.</summary>
public sealed class CardScannerTests : IDisposable
{
    private readonly TempDirectory _card = new("ailas-scan");

    public void Dispose() => _card.Dispose();

    private string Write(string relative, int bytes = 10)
    {
        var path = Path.Combine(_card.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    [Fact]
    public void Lists_images_in_order_with_paths_that_open_the_file_even_under_a_lower_case_dcim()
    {
        Write("dcim/101GOPRO/G0010002.JPG", 20);
        Write("dcim/100GOPRO/G0010001.jpg", 10);
        Write("dcim/100GOPRO/GX010001.MP4");
        Directory.CreateDirectory(Path.Combine(_card.Path, "dcim/100GOPRO/FOLDER.JPG"));

        var scan = new CardScanner(["JPG"], 100).Scan(_card.Path);

        Assert.Equal(["DCIM/100GOPRO/G0010001.jpg", "DCIM/101GOPRO/G0010002.JPG"], scan.Files.Select(f => f.RelativePath));
        Assert.Empty(scan.Skipped);
        var first = scan.Files[0];
        Assert.Equal("100GOPRO", first.Folder);
        Assert.Equal("G0010001.jpg", first.Name);
        Assert.Equal(Path.Combine(_card.Path, "dcim", "100GOPRO", "G0010001.jpg"), first.FullPath);
        Assert.True(File.Exists(first.FullPath));
        Assert.Equal(30, scan.TotalBytes);
    }

    [Fact]
    public void A_link_named_like_a_photo_is_reported_and_never_listed()
    {
        var target = Write("elsewhere/secret.JPG");
        Write("DCIM/100GOPRO/G0010001.JPG");
        File.CreateSymbolicLink(Path.Combine(_card.Path, "DCIM/100GOPRO/G0010002.JPG"), target);

        var scan = new CardScanner(["JPG"], 100).Scan(_card.Path);

        Assert.Equal(["DCIM/100GOPRO/G0010001.JPG"], scan.Files.Select(f => f.RelativePath));
        Assert.Equal(["DCIM/100GOPRO/G0010002.JPG: not a regular file"], scan.Skipped);
    }

    [Fact]
    public void A_card_with_more_images_than_the_bound_is_refused()
    {
        for (var i = 0; i < 4; i++) Write($"DCIM/100GOPRO/G001000{i}.JPG");

        var e = Assert.Throws<CardReadException>(() => new CardScanner(["JPG"], 3).Scan(_card.Path));
        Assert.Contains("more than 3 images", e.Message);
    }
}
