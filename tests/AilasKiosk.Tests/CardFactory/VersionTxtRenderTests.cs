using AilasKiosk.CardFactory;

namespace AilasKiosk.Tests.CardFactory;

public class VersionTxtRenderTests
{
    [Fact]
    public void Newer_cameras_put_commas_at_line_starts()
    {
        var camera = CameraProfile.Hero10("C3471325208909");

        Assert.Equal(
            "{\n" +
            "\"info version\":\"2.0\"\n" +
            ",\"firmware version\":\"H21.01.01.10.00\"\n" +
            $",\"wifi mac\":\"{camera.WifiMac}\"\n" +
            ",\"camera type\":\"HERO10 Black\"\n" +
            ",\"camera serial number\":\"C3471325208909\"\n" +
            "}\n",
            VersionTxt.Render(camera));
    }

    [Fact]
    public void Older_cameras_leave_a_trailing_comma_before_the_brace()
    {
        var camera = CameraProfile.Hero6("C3221324657219");

        Assert.Equal(
            "{\n" +
            "\"info version\":\"2.0\",\n" +
            "\"firmware version\":\"HD6.01.01.51.00\",\n" +
            $"\"wifi mac\":\"{camera.WifiMac}\",\n" +
            "\"camera type\":\"HERO6 Black\",\n" +
            "\"camera serial number\":\"C3221324657219\",\n" +
            "}\n",
            VersionTxt.Render(camera));
    }

    [Fact]
    public void The_Max_speaks_the_newer_dialect_and_the_mac_is_stable()
    {
        var max = CameraProfile.Max("C3351324612139");

        Assert.Contains(",\"camera type\":\"GoPro Max\"\n", VersionTxt.Render(max));
        Assert.Matches("^2474f7[0-9a-f]{6}$", max.WifiMac);
        Assert.Equal(max.WifiMac, CameraProfile.Max("C3351324612139").WifiMac);
        Assert.NotEqual(max.WifiMac, CameraProfile.Max("C3351324612140").WifiMac);
    }

    [Fact]
    public void Only_the_older_dialect_is_invalid_JSON()
    {
        // Leading commas look odd but are valid JSON; the dangling comma of HERO5-7 is not.
        using (System.Text.Json.JsonDocument.Parse(VersionTxt.Render(CameraProfile.Hero10()))) { }
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(VersionTxt.Render(CameraProfile.Hero6())));
    }
}
