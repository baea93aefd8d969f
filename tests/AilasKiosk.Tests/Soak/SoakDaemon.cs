using System.Diagnostics;
using AilasKiosk.Status;
using AilasKiosk.Tests.Infrastructure;

namespace AilasKiosk.Tests.Soak;

/// <summary>
/// The daemon under soak, across its lives. A kill is what systemd's unit makes of a crash: the main process
/// dies by SIGKILL, then the rest of the service's control group (the FUSE daemons serving its mounts) gets
/// SIGTERM, and SIGKILL if still there; then the service is started again. Waits read the status file and
/// accept only what the current life wrote.
/// </summary>
internal sealed class SoakDaemon(KioskSettings settings, string mountRoot) : IAsyncDisposable
{
    private static readonly TimeSpan FuseStopTimeout = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly List<DaemonProcess> _lives = [];
    private volatile bool _restarting;

    public DaemonProcess Current { get; private set; } = null!;
    public int Life => _lives.Count;
    public string StateDirectory => settings.StateDirectory;
    public int Kills { get; private set; }

    public async Task StartAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            Current = DaemonProcess.Start(settings);
            _lives.Add(Current);
        }
        finally
        {
            _lifecycle.Release();
        }
        await WaitForAsync(s => s.Health.Healthy, "a healthy kiosk", TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL, the control group stopped as systemd does, then a new life after <paramref name="downtime"/>.</summary>
    public async Task KillAndRestartAsync(TimeSpan downtime)
    {
        await _lifecycle.WaitAsync();
        try
        {
            _restarting = true;
            _ = Signals.Send(Current.Id, 9);
            if (!await ExitsWithinAsync(TimeSpan.FromSeconds(30)))
            {
                // A thread blocked in the kernel on a FUSE request outlives SIGKILL until the FUSE daemon answers. The
                // kiosk must never make that daemon wait on the kiosk itself (see FuseCardMounter.StartFusefat): the
                // soak fails, and says where every thread waits, before systemd's stop timeout would end it.
                var stuck = WhereEachThreadWaits();
                await StopLeftoverFuseAsync();
                Failure = new Xunit.Sdk.XunitException($"the daemon (life {Life}) did not die within 30 s of SIGKILL:\n{stuck}"
                                                       + $"\n(after its FUSE daemons were stopped it {(await ExitsWithinAsync(TimeSpan.FromSeconds(15)) ? "exited" : "still ran")})");
                throw Failure;
            }
            await StopLeftoverFuseAsync();
            Kills++;
            await Task.Delay(downtime); // the service's RestartSec, drawn from the seed
            Current = DaemonProcess.Start(settings);
            _lives.Add(Current);
        }
        finally
        {
            _restarting = false;
            _lifecycle.Release();
        }
    }

    /// <summary>Set when a kill did not end the daemon: every wait fails with it from then on.</summary>
    public Exception? Failure { get; private set; }

    private async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!Current.HasExited && deadline.Elapsed < timeout)
            await Task.Delay(20);
        return Current.HasExited;
    }

    private async Task StopLeftoverFuseAsync()
    {
        foreach (var pid in ResourceSample.FuseProcessesUnder(mountRoot))
            _ = Signals.Send(pid, 15);
        var deadline = Stopwatch.StartNew();
        while (ResourceSample.FuseProcessesUnder(mountRoot).Count > 0 && deadline.Elapsed < FuseStopTimeout)
            await Task.Delay(50);
        foreach (var pid in ResourceSample.FuseProcessesUnder(mountRoot))
            _ = Signals.Send(pid, 9);
    }

    /// <summary>Polls the status file until the current life shows <paramref name="condition"/>; a restart meanwhile is waited through.</summary>
    public async Task<KioskSnapshot> WaitForAsync(Func<KioskSnapshot, bool> condition, string what, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        KioskSnapshot? last = null;
        while (deadline.Elapsed < timeout)
        {
            if (Failure is { } failure)
                throw new Xunit.Sdk.XunitException($"while waiting for {what}: {failure.Message}");
            var daemon = Current;
            if (daemon.HasExited && !_restarting && daemon == Current)
                throw new Xunit.Sdk.XunitException($"the daemon exited by itself ({daemon.ExitCode}) while waiting for {what}\n{Tail(daemon.Log)}");
            if (!daemon.HasExited && daemon.Snapshot() is { } snapshot && snapshot.ProcessId == daemon.Id)
            {
                last = snapshot;
                if (condition(snapshot))
                    return snapshot;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; last status: "
                                           + (last is null ? "none" : StatusLine.Of(last)) + $"\n{WhereEachThreadWaits()}\n{Tail(Current.Log)}");
    }

    /// <summary>The sessions the current life's slots show now (none between lives: a new life starts empty).</summary>
    public async Task<HashSet<string>> SessionsShownAsync() =>
        await LookAsync(_ => (Current.Snapshot()?.Slots.Select(s => s.Session) ?? []).OfType<string>().ToHashSet(StringComparer.Ordinal))
        ?? new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="look"/> on the current life's process id, with no kill meanwhile; null if that life has just ended.</summary>
    public async Task<T?> LookAsync<T>(Func<int, T> look) where T : class
    {
        await _lifecycle.WaitAsync();
        try
        {
            return Current.HasExited ? null : look(Current.Id);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// For a stall: the kernel function each thread of the daemon and of its FUSE daemons sleeps in (a FUSE request
    /// unanswered shows as request_wait_answer, a lock as futex_wait_queue), with the thread's name.
    /// </summary>
    public string WhereEachThreadWaits()
    {
        var lines = new List<string>();
        // Only comm, wchan and children are read: none waits for a process's memory map lock, which a process stuck
        // on a FUSE request can hold for good (reading its cmdline would hang this report too).
        foreach (var pid in ResourceSample.FuseProcessesUnder(mountRoot).Prepend(Current.Id).Concat(ChildrenOf(Current.Id)).Distinct())
        {
            var waits = new Dictionary<string, int>(StringComparer.Ordinal);
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                {
                    var where = $"{File.ReadAllText(Path.Combine(task, "comm")).Trim()} in {File.ReadAllText(Path.Combine(task, "wchan")).Trim()}";
                    waits[where] = waits.GetValueOrDefault(where) + 1;
                }
            }
            catch (IOException)
            {
                // the process or a thread ended meanwhile
            }
            lines.Add($"threads of {pid} ({Comm(pid)}): " + string.Join(", ", waits.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Value}× {w.Key}")));
        }
        return string.Join('\n', lines);
    }

    private static string Comm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return "ended"; }
    }

    private static List<int> ChildrenOf(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(int.Parse).ToList();
        }
        catch (IOException)
        {
            return []; // ended meanwhile
        }
    }

    /// <summary>What every life printed, in order.</summary>
    public string AllLogs => string.Join('\n', _lives.Select(l => l.Log));

    public static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(60));

    /// <summary>SIGTERM as `systemctl stop`: the exit code.</summary>
    public Task<int> StopAsync() => Current.StopAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var life in _lives)
            await life.DisposeAsync();
    }
}
