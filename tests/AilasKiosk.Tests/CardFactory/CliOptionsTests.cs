using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.CardFactory;

public class CliOptionsTests
{
    [Fact]
    public void Parses_a_full_image_command_line()
    {
        var options = CliOptions.Parse(["--out", "card.img", "--photos", "40", "--camera", "max", "--serial", "C1",
            "--seed", "9", "--min-mb", "0.5", "--max-mb", "2", "--image", "--size-mb", "300", "--label", "GOPRO", "--mount", "/mnt/c"]);

        Assert.Equal(("card.img", 40, "max", "C1", 9, 0.5, 2.0), (options.Out, options.Photos, options.Camera, options.Serial, options.Seed, options.MinMb, options.MaxMb));
        Assert.True(options.Image);
        Assert.Equal((300L, "GOPRO", "/mnt/c"), (options.SizeMb!.Value, options.Label!, options.Mount!));
    }

    [Theory]
    [InlineData("--photos", "3")]                                      // no --out
    [InlineData("--out", "d")]                                         // no --photos
    [InlineData("--out", "d", "--photos", "many")]
    [InlineData("--out", "d", "--photos", "3", "--camera", "hero3")]
    [InlineData("--out", "d", "--photos", "3", "--mount", "/mnt")]     // --mount without --image
    [InlineData("--out", "d", "--photos", "3", "--min-mb", "5", "--max-mb", "1")]
    [InlineData("--out", "d", "--photos", "3", "--frobnicate")]
    [InlineData("--out")]
    public void Refuses_bad_command_lines(params string[] args) =>
        Assert.Throws<UsageException>(() => CliOptions.Parse(args));
}
