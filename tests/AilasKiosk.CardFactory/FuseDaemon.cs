using System.Collections.Concurrent;
using System.Diagnostics;

namespace AilasKiosk.CardFactory;

/// <summary>
/// A FUSE daemon running in the foreground as our child. Its output is drained continuously
/// (fusefat logs every operation; a full pipe would freeze the file system) and the last lines
/// are kept to explain a failure.
/// </summary>
internal sealed class FuseDaemon
{
    private const int KeptLines = 20;
    private readonly Process process;
    private readonly ConcurrentQueue<string> recent = new();

    public FuseDaemon(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    public string RecentOutput => string.Join('\n', recent);

    /// <summary>Waits for the daemon to finish writing the image and exit, after an unmount.</summary>
    public void WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
            throw new TimeoutException($"FUSE daemon {process.Id} still running {timeout.TotalSeconds:0} s after unmount");
        process.WaitForExit(); // drains the output handlers
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        recent.Enqueue(line);
        while (recent.Count > KeptLines)
            recent.TryDequeue(out _);
    }
}
