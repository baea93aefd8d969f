using AilasKiosk.Configuration;
using Microsoft.Extensions.Configuration;

namespace AilasKiosk.Tests.Fleet;

/// <summary>The kiosk id names an object in the bucket: anything that could climb out of _kiosks/ or garble a log is a configuration error.</summary>
public class FleetOptionsTests
{
    private static Settings Settings(string kioskId) => new Settings().With("KioskId", kioskId);

    [Theory]
    [InlineData("kiosk-03")]
    [InlineData("base_north.2")]
    [InlineData("K")]
    public void A_plain_kiosk_id_is_taken(string id)
    {
        Assert.Equal(id, Settings(id).Bind().KioskId);
        Assert.Equal($"_kiosks/{id}/status.json", Settings(id).Bind().Fleet.StatusKey(id));
    }

    [Theory]
    [InlineData("../kiosk-03")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("base/kiosk-03")]
    [InlineData("kiosk\u001b[31m")]
    [InlineData("kiosk\n03")]
    [InlineData("kiosk 03")]
    [InlineData("")]
    public void A_kiosk_id_that_is_not_one_safe_segment_is_a_clear_configuration_error(string id)
    {
        var error = Assert.Throws<ConfigurationException>(() => Settings(id).Bind());
        Assert.Equal("KioskId", error.Key);
        Assert.Contains("status object", error.Message);
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("kiosks/")]
    [InlineData("_kiosks")]
    [InlineData("_a/_b/")]
    [InlineData("_../")]
    [InlineData("/")]
    public void The_status_prefix_must_be_one_fixed_folder_beginning_with_an_underscore(string prefix)
    {
        var error = Assert.Throws<ConfigurationException>(() => Settings("kiosk-03").With("Fleet:StatusPrefix", prefix).Bind());
        Assert.Equal("Fleet:StatusPrefix", error.Key);
    }

    [Fact]
    public void The_gap_cannot_exceed_the_period()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            Settings("kiosk-03").With("Fleet:PublishSeconds", "30").With("Fleet:MinGapSeconds", "40").Bind());
        Assert.Equal("Fleet:MinGapSeconds", error.Key);
    }
}

/// <summary>A valid configuration (no server is contacted) with the keys a test changes.</summary>
internal sealed class Settings
{
    private readonly Dictionary<string, string?> _values = new()
    {
        ["Storage:Endpoint"] = "http://127.0.0.1:7480",
        ["Storage:Bucket"] = "ailas",
        ["Storage:AccessKey"] = "kiosk",
        ["Storage:SecretKey"] = "secret",
        ["State:Directory"] = "/var/lib/ailas-kiosk-test",
    };

    public Settings With(string key, string? value)
    {
        _values[key] = value;
        return this;
    }

    public KioskOptions Bind() => KioskConfiguration.Load(new ConfigurationBuilder().AddInMemoryCollection(_values).Build());
}
