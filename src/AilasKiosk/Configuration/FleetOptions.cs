using System.Text.RegularExpressions;

namespace AilasKiosk.Configuration;

/// <summary>
/// The kiosk's status in the bucket (README "Several kiosks: status in the bucket and `fleet`"): the daemon writes
/// <c>&lt;StatusPrefix&gt;&lt;KioskId&gt;/status.json</c>, `ailas-kiosk fleet` reads every one of them.
/// </summary>
internal sealed partial class FleetOptions
{
    /// <summary>The folder of the kiosks' status objects: one fixed folder beginning with '_', like the quarantine, which no label takes.</summary>
    public string StatusPrefix { get; set; } = "_kiosks/";

    /// <summary>Written at least this often, changed or not: the kiosk's heartbeat for `fleet`.</summary>
    public double PublishSeconds { get; set; } = 60;

    /// <summary>After a change of health or of a slot's state, written within this, and never more often.</summary>
    public double MinGapSeconds { get; set; } = 5;

    /// <summary>False: the daemon keeps its status to itself (the fleet will show it silent).</summary>
    public bool Publish { get; set; } = true;

    public string StatusKey(string kioskId) => $"{StatusPrefix}{kioskId}/status.json";

    public static void Validate(FleetOptions f)
    {
        if (!FixedFolder().IsMatch(f.StatusPrefix) || f.StatusPrefix.Contains("..", StringComparison.Ordinal))
            throw new ConfigurationException("Fleet:StatusPrefix", $"must be one folder beginning with '_' and ending with '/', e.g. _kiosks/ (got '{Printable(f.StatusPrefix)}')");
        if (f.PublishSeconds is < 5 or > 3600)
            throw new ConfigurationException("Fleet:PublishSeconds", "must be between 5 and 3600");
        if (f.MinGapSeconds < 0.1 || f.MinGapSeconds > f.PublishSeconds)
            throw new ConfigurationException("Fleet:MinGapSeconds", "must be between 0.1 and Fleet:PublishSeconds");
    }

    /// <summary>
    /// The kiosk id names its status object (<c>_kiosks/&lt;id&gt;/status.json</c>), its manifests and its log lines: one
    /// safe key segment. A '/' or '..' would write another kiosk's status or climb out of the folder.
    /// </summary>
    public static void ValidateKioskId(string kioskId)
    {
        if (!KioskIdPattern().IsMatch(kioskId) || kioskId is "." or "..")
            throw new ConfigurationException("KioskId",
                $"'{Printable(kioskId)}' cannot name this kiosk's status object (_kiosks/<id>/status.json): use 1 to 64 letters, digits, '-', '_' or '.' (no '/', '..', spaces or control characters)");
    }

    /// <summary>A value for an error message: control characters shown as \u escapes, never sent raw to a terminal.</summary>
    private static string Printable(string value) =>
        string.Concat(value.Take(80).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex KioskIdPattern();

    [GeneratedRegex(@"^_[A-Za-z0-9_.-]{1,63}/$")]
    private static partial Regex FixedFolder();
}
