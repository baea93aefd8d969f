using System.Diagnostics;

namespace AilasKiosk.CardFactory;

/// <summary>What an external command printed and how it ended.</summary>
public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;
}

/// <summary>A command failed: the message carries the command line and its stderr.</summary>
public sealed class ToolException(string message) : Exception(message);

/// <summary>
/// Runs external commands (mkfs, mtools, fuse…). Arguments go through ArgumentList, never a
/// shell string, so paths with spaces or quotes cannot be misread.
/// </summary>
public static class Tool
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Runs to completion; throws <see cref="ToolException"/> on a non-zero exit.</summary>
    public static ToolResult Run(string file, params string[] args) => Run(file, args, environment: null);

    public static ToolResult Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment,
        bool throwOnFailure = true, TimeSpan? timeout = null)
    {
        using var process = Start(file, args, environment);
        // Process.Dispose leaves the pipes it handed out open until a GC: closed here.
        using var output = process.StandardOutput;
        using var errors = process.StandardError;
        // Read both pipes concurrently: a child blocked on a full stderr pipe would never exit.
        Task<string> stdout = output.ReadToEndAsync();
        Task<string> stderr = errors.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ToolException($"`{CommandLine(file, args)}` did not finish within {timeout ?? DefaultTimeout}");
        }
        process.WaitForExit(); // lets the pipe readers finish
        var result = new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
        if (throwOnFailure && result.ExitCode != 0)
            throw new ToolException($"`{CommandLine(file, args)}` exited {result.ExitCode}: {result.StdErr.Trim()}");
        return result;
    }

    /// <summary>Starts a long-running command (a FUSE daemon in the foreground); the caller owns it.</summary>
    public static Process Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // tools like mcopy must never wait on our terminal
            UseShellExecute = false,
        };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        var process = Process.Start(info) ?? throw new ToolException($"could not start `{file}`");
        process.StandardInput.Close();
        return process;
    }

    public static string CommandLine(string file, IEnumerable<string> args) =>
        string.Join(' ', args.Prepend(file).Select(a => a.Contains(' ') ? $"'{a}'" : a));
}
