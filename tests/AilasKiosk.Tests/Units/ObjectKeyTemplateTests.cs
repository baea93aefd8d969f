using AilasKiosk.Keys;
using AilasKiosk.Upload;

namespace AilasKiosk.Tests.Units;

public class ObjectKeyTemplateTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["label"] = "AILAS-07",
        ["serial"] = "C3471325208909",
        ["date"] = "2022-06-08",
        ["folder"] = "100GOPRO",
        ["name"] = "G0030095.JPG",
    };

    [Theory]
    [InlineData("{label}/{date}/{folder}/{name}", "AILAS-07/2022-06-08/100GOPRO/G0030095.JPG")]
    [InlineData("{label}/{name}", "AILAS-07/G0030095.JPG")]
    [InlineData("{label}/raw/{serial}-{name}", "AILAS-07/raw/C3471325208909-G0030095.JPG")]
    public void Renders_keys_under_the_label(string template, string expected) =>
        Assert.Equal(expected, ObjectKeyTemplate.Parse(template, ObjectKeyTemplate.FilePlaceholders).Render(Values));

    [Theory]
    [InlineData("{date}/{label}/{name}", "must start with {label}/")]
    [InlineData("{label}/{nme}", "unknown placeholder {nme}")]
    [InlineData("{label}//{name}", "empty folder")]
    [InlineData("{label}/../{name}", "'..'")]
    [InlineData("{label}/{name", "stray brace")]
    public void Rejects_bad_templates_with_a_reason(string template, string reason)
    {
        Assert.Null(ObjectKeyTemplate.TryParse(template, ObjectKeyTemplate.FilePlaceholders, out var error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("evil\u0000.jpg")]
    [InlineData("bell\u0007.jpg")]
    [InlineData("c1\u0085.jpg")]
    [InlineData("undecodable\uFFFD.jpg")]
    [InlineData("lone\uD800.jpg")]
    [InlineData("")]
    public void Refuses_unsafe_values(string name)
    {
        var values = new Dictionary<string, string>(Values) { ["name"] = name };
        Assert.Throws<ArgumentException>(() => ObjectKeyTemplate.Parse("{label}/{name}", ObjectKeyTemplate.FilePlaceholders).Render(values));
    }

    [Theory]
    [InlineData("name with space.jpg")]
    [InlineData("a+b %20#?&=.JPG")]
    [InlineData("été 日本.JPG")]
    [InlineData("(1) [2] it's~_-.JPG")]
    [InlineData(".JPG")]
    public void Takes_card_names_as_they_are(string name)
    {
        var values = new Dictionary<string, string>(Values) { ["name"] = name, ["folder"] = "Camera 01/2024" };
        var key = ObjectKeyTemplate.Parse("{label}/{folder}/{name}", ObjectKeyTemplate.FilePlaceholders).Render(values);
        Assert.Equal($"{Values["label"]}/Camera 01/2024/{name}", key);
    }

    [Theory]
    [InlineData("label", "AILAS 07")]
    [InlineData("folder", "2024/../..")]
    [InlineData("folder", "/abs")]
    public void Values_not_from_a_card_name_stay_strict(string placeholder, string value)
    {
        var values = new Dictionary<string, string>(Values) { [placeholder] = value };
        Assert.Throws<ArgumentException>(() => ObjectKeyTemplate.Parse("{label}/{folder}/{name}", ObjectKeyTemplate.FilePlaceholders).Render(values));
    }

    [Fact]
    public void A_key_longer_than_S3_allows_is_refused()
    {
        var values = new Dictionary<string, string>(Values) { ["folder"] = string.Join('/', Enumerable.Repeat(new string('f', 250), 4)) };
        var e = Assert.Throws<ArgumentException>(() => ObjectKeyTemplate.Parse("{label}/{folder}/{name}", ObjectKeyTemplate.FilePlaceholders).Render(values));
        Assert.Contains("1024 bytes", e.Message);
    }

    [Theory]
    [InlineData("AILAS-07/2022-06-08/100GOPRO/G0030095.JPG", "AILAS-07/2022-06-08/100GOPRO/G0030095~0123456789abcdef.JPG")]
    [InlineData("AILAS-07/NOEXT", "AILAS-07/NOEXT~0123456789abcdef")]
    [InlineData("AILAS-07/v1.2/NOEXT", "AILAS-07/v1.2/NOEXT~0123456789abcdef")]
    public void Alternative_keys_carry_the_content_hash_before_the_extension(string key, string expected) =>
        Assert.Equal(expected, ObjectPlacer.AlternativeKey(key, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
}
