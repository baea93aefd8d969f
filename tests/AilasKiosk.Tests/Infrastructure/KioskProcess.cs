using System.Diagnostics;
using System.Text.Json;
using AilasKiosk.Cli;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>Runs the real `ailas-kiosk` executable, as a crew's kiosk or a maintainer would.</summary>
internal static class KioskProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, bool Killed)
    {
        private static readonly JsonSerializerOptions CaseSensitive = new() { PropertyNameCaseInsensitive = false };

        /// <summary>The --json result: the last line of stdout.</summary>
        public OffloadJson Json => JsonSerializer.Deserialize<OffloadJson>(
            Stdout.TrimEnd().Split('\n')[^1], CaseSensitive)
            ?? throw new InvalidOperationException("no JSON line");
    }

    public static Task<Result> RunAsync(IEnumerable<KeyValuePair<string, string>> environment, params string[] args) =>
        RunAsync(environment, onLogLine: null, args);

    /// <param name="onLogLine">Called with each stderr line (the log, with --json) and the process: a test's moment to act.</param>
    public static async Task<Result> RunAsync(IEnumerable<KeyValuePair<string, string>> environment, Action<string, Process>? onLogLine, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        psi.ArgumentList.Add(Repo.KioskDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // A clean slate: no AILAS_* setting of the machine leaks into a test.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("AILAS_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        foreach (var (key, value) in environment)
            psi.Environment[key] = value;

        using var process = new Process { StartInfo = psi };
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            onLogLine?.Invoke(e.Data, process);
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token); // also waits for the end of both streams
        // 128 + SIGKILL(9): the kiosk was killed (by a crash point) rather than exiting.
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString(), process.ExitCode == 137);
    }
}
