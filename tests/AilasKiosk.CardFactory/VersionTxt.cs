using System.Text;

namespace AilasKiosk.CardFactory;

/// <summary>
/// Renders <c>MISC/version.txt</c> like the cameras do: HERO8+/MAX put commas at line starts
/// (odd, yet valid JSON), HERO5–7 leave a comma before <c>}</c> (invalid JSON). The kiosk must
/// cope with both, so they are reproduced faithfully rather than "fixed".
/// </summary>
public static class VersionTxt
{
    public const string RelativePath = "MISC/version.txt";

    public static string Render(CameraProfile camera)
    {
        (string Key, string Value)[] fields =
        [
            ("info version", "2.0"),
            ("firmware version", camera.Firmware),
            ("wifi mac", camera.WifiMac),
            ("camera type", camera.CameraType),
            ("camera serial number", camera.Serial),
        ];

        var text = new StringBuilder("{\n");
        for (int i = 0; i < fields.Length; i++)
        {
            string pair = $"\"{fields[i].Key}\":\"{fields[i].Value}\"";
            text.Append(camera.VersionTxtDialect switch
            {
                VersionTxtDialect.LeadingCommas => (i == 0 ? "" : ",") + pair,
                _ => pair + ",",
            });
            text.Append('\n');
        }
        return text.Append("}\n").ToString();
    }

    public static byte[] RenderBytes(CameraProfile camera) => Encoding.ASCII.GetBytes(Render(camera));
}
