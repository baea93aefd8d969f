using System.Diagnostics;
using System.Text.Json;
using AilasKiosk.Cli;

namespace AilasKiosk.Tests.Infrastructure;

/// <summary>Runs the real `ailas-kiosk` executable, as a crew's kiosk or a maintainer would.</summary>
public static class KioskProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, bool Killed)
    {
        /// <summary>The --json result: the last line of stdout.</summary>
        public OffloadJson Json => JsonSerializer.Deserialize<OffloadJson>(
            Stdout.TrimEnd().Split('\n')[^1], new JsonSerializerOptions { PropertyNameCaseInsensitive = false })
            ?? throw new InvalidOperationException("no JSON line");
    }

    public static async Task<Result> RunAsync(IEnumerable<KeyValuePair<string, string>> environment, params string[] args)
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

        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        // 128 + SIGKILL(9): the kiosk was killed (by a crash point) rather than exiting.
        return new Result(process.ExitCode, await stdout, await stderr, process.ExitCode == 137);
    }
}
