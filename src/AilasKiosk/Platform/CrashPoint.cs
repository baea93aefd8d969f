using System.Diagnostics;

namespace AilasKiosk.Platform;

/// <summary>
/// Crash-safety tests kill the process with SIGKILL at exact points of an offload. A test sets
/// AILAS_TEST_KILL_AT=&lt;point&gt;:&lt;n&gt; and the n-th time the point is reached, the process kills itself (the same
/// signal a power cut is closest to: no finally blocks, no flush). Unset in production: then this does nothing.
/// </summary>
internal static class CrashPoint
{
    public const string Variable = "AILAS_TEST_KILL_AT";

    /// <summary>A PUT request is about to be sent (mid-upload: earlier files done, this one not).</summary>
    public const string Put = "put";
    /// <summary>A file's verified record was just committed (between verify and wipe).</summary>
    public const string Verified = "verified";
    /// <summary>The manifest is stored; nothing wiped yet.</summary>
    public const string ManifestStored = "manifest";
    /// <summary>A card file was just deleted (during the wipe).</summary>
    public const string Wiped = "wiped";

    private static readonly (string Point, int Hit)? Target = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int _hits;

    public static void Reached(string point)
    {
        if (Target is not { } target || target.Point != point) return;
        if (Interlocked.Increment(ref _hits) == target.Hit)
            Process.GetCurrentProcess().Kill(); // SIGKILL on Linux
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var parts = value.Split(':');
        return (parts[0], parts.Length > 1 && int.TryParse(parts[1], out var n) ? n : 1);
    }
}
