using System.Text.Json;
using System.Text.Json.Serialization;

namespace AilasKiosk.Status;

/// <summary>
/// The daemon's snapshot on disk (State:Directory/status.json), for `ailas-kiosk status` in another process.
/// Written to a temporary file and renamed, so a reader never sees half of it.
/// </summary>
internal static class StatusFile
{
    public const string FileName = "status.json";

    /// <summary>The daemon rewrites the file at least this often, stamping <see cref="KioskSnapshot.WrittenAt"/>.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A file not rewritten for this long: its daemon is not running (or hangs). The service's watchdog period
    /// (WatchdogSec=30s): the silence after which systemd judges the daemon hung is the one `status` uses too. Three
    /// write periods (15 s) was too tight: a starved machine (the image under QEMU, busy) delays a 5 s timer enough
    /// to make a healthy daemon look dead.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string PathIn(string stateDirectory) => System.IO.Path.Combine(stateDirectory, FileName);

    public static void Write(string path, KioskSnapshot snapshot)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(snapshot, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Null when there is no file (the daemon never ran here).</summary>
    public static KioskSnapshot? Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<KioskSnapshot>(File.ReadAllText(path), Json) : null;
}
