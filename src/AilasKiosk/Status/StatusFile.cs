using System.Text.Json;
using System.Text.Json.Serialization;

namespace AilasKiosk.Status;

/// <summary>
/// The daemon's snapshot on disk (State:Directory/status.json), for `ailas-kiosk status` in another process.
/// Written to a temporary file and renamed, so a reader never sees half of it.
/// </summary>
public static class StatusFile
{
    public const string FileName = "status.json";

    /// <summary>The daemon rewrites the file at least this often, stamping <see cref="KioskSnapshot.WrittenAt"/>.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>A file not rewritten for three write periods: its daemon is not running (or hangs).</summary>
    public static readonly TimeSpan StaleAfter = Heartbeat * 3;

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
