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
        Write("dcim/100GOPRO/GOPR0001.THM");

        var scan = new CardScanner(["JPG"], 100).Scan(_card.Path);

        Assert.Equal(["DCIM/100GOPRO/G0010001.jpg", "DCIM/101GOPRO/G0010002.JPG"], scan.Files.Select(f => f.RelativePath));
        Assert.Empty(scan.Left);
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
        Assert.Equal([new LeftOnCard("DCIM/100GOPRO/G0010002.JPG", "symbolic link; not followed")], scan.Left);
    }

    [Fact]
    public void Names_cameras_and_people_give_are_taken_as_they_are()
    {
        string[] names = ["a+b %20#?&=.JPG", "été 日本.JPG", "(1) [2] it's~_-.JPG", ".JPG", new string('n', 196) + ".JPG"];
        foreach (var name in names) Write($"DCIM/Camera 01/{name}");

        var scan = new CardScanner(["JPG"], 100).Scan(_card.Path);

        Assert.Equal(names.Select(n => $"DCIM/Camera 01/{n}").Order(StringComparer.Ordinal), scan.Files.Select(f => f.RelativePath));
        Assert.All(scan.Files, f => Assert.True(File.Exists(f.FullPath), f.FullPath));
        Assert.Empty(scan.Left);
    }

    [Fact]
    public void Sub_folders_are_walked_to_a_bounded_depth_and_what_lies_deeper_is_reported()
    {
        Write("DCIM/Camera01/G1.JPG");
        Write("DCIM/Camera01/2024/06/G2.JPG");
        Write("DCIM/a/b/c/d/G3.JPG"); // 4 folders under DCIM: the deepest taken
        Write("DCIM/a/b/c/d/e/G4.JPG");
        Write("DCIM/LOOSE.JPG");

        var scan = new CardScanner(["JPG"], 100).Scan(_card.Path);

        Assert.Equal(["DCIM/Camera01/2024/06/G2.JPG", "DCIM/Camera01/G1.JPG", "DCIM/a/b/c/d/G3.JPG"], scan.Files.Select(f => f.RelativePath));
        Assert.Equal("Camera01/2024/06", scan.Files[0].Folder);
        Assert.Equal("G2.JPG", scan.Files[0].Name);
        Assert.Equal(
            [
                new LeftOnCard("DCIM/LOOSE.JPG", "not in a camera folder under DCIM"),
                new LeftOnCard("DCIM/a/b/c/d/e", "folder nested more than 4 levels under DCIM; not looked into", IsFolder: true),
            ],
            scan.Left.OrderBy(l => l.Path, StringComparer.Ordinal));
    }

    [Fact]
    public void What_the_storage_cannot_hold_and_special_files_are_reported_not_taken()
    {
        Write("DCIM/100GOPRO/G1.JPG");
        Write("DCIM/100GOPRO/bell\u0007.JPG");
        Write("DCIM/100GOPRO/" + new string('x', 250) + ".JPG");
        Write("DCIM/100GOPRO/" + string.Concat(Enumerable.Repeat("日本語", 27)) + ".JPG"); // 85 characters, 247 bytes of UTF-8
        Write("DCIM/bad\u0001folder/G2.JPG");
        Assert.Equal(0, Mkfifo(Path.Combine(_card.Path, "DCIM/100GOPRO/PIPE.JPG"), 0x1A4));

        var scan = new CardScanner(["JPG"], 100).Scan(_card.Path);

        Assert.Equal(3, scan.Files.Count); // G1, the long Latin name and the long Japanese one
        Assert.Equal(
            [
                "DCIM/100GOPRO/PIPE.JPG: not a regular file (a device, pipe or socket)",
                "DCIM/100GOPRO/bell\u0007.JPG: file name the storage cannot hold (control character, invalid or too long)",
                "DCIM/bad\u0001folder: folder name the storage cannot hold (control character, invalid or too long); not looked into",
            ],
            scan.Left.Select(l => l.ToString()).Order(StringComparer.Ordinal));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int Mkfifo(string path, uint mode);

    [Fact]
    public void A_card_with_more_images_than_the_bound_is_refused()
    {
        for (var i = 0; i < 4; i++) Write($"DCIM/100GOPRO/G001000{i}.JPG");

        var e = Assert.Throws<CardReadException>(() => new CardScanner(["JPG"], 3).Scan(_card.Path));
        Assert.Contains("more than 3 images", e.Message);
    }
}
