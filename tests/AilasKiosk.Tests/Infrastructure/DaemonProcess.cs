using System.Diagnostics;
using AilasKiosk.Status;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>
/// `ailas-kiosk run` as a real process, set up for this machine: loop devices count as cards, cards are mounted
/// with FUSE under the test's own directory, hardware simulated. Tests watch it through the status file it
/// keeps, exactly as `ailas-kiosk status` does, and through its log lines.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private DaemonProcess(Process process, string stateDirectory)
    {
        _process = process;
        StateDirectory = stateDirectory;
    }

    public string StateDirectory { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Log
    {
        get { lock (_lines) return string.Join('\n', _lines); }
    }

    /// <summary>The settings every daemon test needs on this machine, over the test's own.</summary>
    public static KioskSettings ForThisMachine(KioskSettings settings) => settings
        .With("Cards:IncludeLoopDevices", "true")
        .With("Cards:Mount", "fuse")
        .With("Cards:MountRoot", Path.Combine(settings.StateDirectory, "media"))
        .With("Cards:PollSeconds", "0.2")
        .With("Health:StorageCheckSeconds", "2")
        .With("Hardware:Simulated", "true");

    public static DaemonProcess Start(KioskSettings settings, IEnumerable<KeyValuePair<string, string>>? extraEnvironment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        psi.ArgumentList.Add(Repo.KioskDll);
        psi.ArgumentList.Add("run");
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("AILAS_", StringComparison.Ordinal) || k is "NOTIFY_SOCKET" or "WATCHDOG_USEC" or "WATCHDOG_PID").ToList())
            psi.Environment.Remove(key);
        foreach (var (key, value) in settings.AsEnvironment().Concat(extraEnvironment ?? []))
            psi.Environment[key] = value;
        var process = new Process { StartInfo = psi };
        var daemon = new DaemonProcess(process, settings.StateDirectory);
        process.OutputDataReceived += (_, e) => daemon.Add(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Add(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }

    public KioskSnapshot? Snapshot()
    {
        try
        {
            return StatusFile.Read(StatusFile.PathIn(StateDirectory));
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null; // between the daemon's write and rename: read again
        }
    }

    /// <summary>Polls the status file until <paramref name="condition"/> holds; fails with the last snapshot and the log.</summary>
    public async Task<KioskSnapshot> WaitForAsync(Func<KioskSnapshot, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        KioskSnapshot? last = null;
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
                throw new Xunit.Sdk.XunitException($"the daemon exited ({_process.ExitCode}) while waiting for {what}\n{Log}");
            last = Snapshot() ?? last;
            if (last is not null && condition(last))
                return last;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"timed out after {limit.TotalSeconds:0} s waiting for {what}; last status: "
                                           + (last is null ? "none" : StatusLine.Of(last)) + $"\n{Log}");
    }

    public Task<KioskSnapshot> WaitForSlotAsync(string slot, Func<SlotStatus, bool> condition, string what, TimeSpan? timeout = null) =>
        WaitForAsync(s => s.Slots.FirstOrDefault(x => x.Slot == slot) is { } found && condition(found), $"{slot}: {what}", timeout);

    /// <summary>Waits until the log holds a line containing <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
                throw new Xunit.Sdk.XunitException($"no log line with \"{text}\"\n{Log}");
            if (_process.HasExited)
                throw new Xunit.Sdk.XunitException($"the daemon exited ({_process.ExitCode}) before logging \"{text}\"\n{Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM, as `systemctl stop` does; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
            _ = Signals.Send(_process.Id, 15); // the wait below says whether it stopped
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                await StopAsync();
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
