using AilasKiosk.Identify;

namespace AilasKiosk.Tests.Units;

public class VersionTxtTests
{
    // HERO8 and later, MAX: commas at line starts.
    private const string LeadingCommas = """
        {
        "info version":"2.0"
        ,"firmware version":"H21.01.01.10.00"
        ,"wifi mac":"2474f7a1b2c3"
        ,"camera type":"HERO10 Black"
        ,"camera serial number":"C3471325208909"
        }
        """;

    // HERO5-7: trailing commas, one before the closing brace.
    private const string TrailingComma = """
        {
        "info version":"1.1",
        "firmware version":"HD6.01.02.01.00",
        "wifi mac":"0441691a2b3c",
        "camera type":"HERO6 Black",
        "camera serial number":"C3221324567890",
        }
        """;

    [Fact]
    public void Reads_the_newer_dialect()
    {
        var info = VersionTxt.Parse(LeadingCommas);
        Assert.Equal(new VersionInfo("C3471325208909", "HERO10 Black", "H21.01.01.10.00"), info);
    }

    [Fact]
    public void Reads_the_older_dialect() =>
        Assert.Equal(new VersionInfo("C3221324567890", "HERO6 Black", "HD6.01.02.01.00"), VersionTxt.Parse(TrailingComma));

    [Theory]
    [InlineData("")]
    [InlineData("garbage \u0001\u0002 not json")]
    [InlineData("{\"camera serial number\":\"../../etc\"}")]
    [InlineData("{\"camera serial number\":\"\"}")]
    [InlineData("{\"camera type\":\"HERO10 Black\"}")]
    public void Damaged_files_give_no_identity(string text) => Assert.Null(VersionTxt.Parse(text));

    [Fact]
    public void A_truncated_file_still_gives_the_serial_when_it_survived() =>
        Assert.Equal("C3471325208909", VersionTxt.Parse(LeadingCommas[..(LeadingCommas.IndexOf("C3471325208909", StringComparison.Ordinal) + 15)])?.Serial);

    [Fact]
    public void An_enormous_file_is_read_only_up_to_its_bound()
    {
        using var dir = new Infrastructure.TempDirectory();
        var path = Path.Combine(dir.Path, "version.txt");
        using (var f = File.Create(path))
        {
            f.Write(System.Text.Encoding.UTF8.GetBytes(LeadingCommas));
            f.SetLength(200L * 1024 * 1024); // 200 MB of zeros after it (sparse)
        }
        Assert.Equal("C3471325208909", VersionTxt.ReadFile(path)?.Serial);
    }
}
