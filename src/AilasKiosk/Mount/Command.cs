using System.Diagnostics;

namespace AilasKiosk.Mount;

/// <summary>Runs a mount tool (no shell: arguments passed as a list), bounded in time, output captured.</summary>
internal static class Command
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        using var process = Start(psi, file);
        // Process.Dispose leaves the pipes it handed out to their reader: disposed here, or held until a GC, which a
        // quiet daemon rarely needs (the soak saw them pile up).
        using var output = process.StandardOutput;
        using var errors = process.StandardError;
        process.StandardInput.Close();
        var stdout = output.ReadToEndAsync(cancellationToken);
        var stderr = errors.ReadToEndAsync(cancellationToken);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
                throw;
            return new Result(-1, $"{file} did not finish within {timeout.TotalSeconds:0} s");
        }
        return new Result(process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }

    public static Process Start(ProcessStartInfo psi, string file)
    {
        try
        {
            return Process.Start(psi) ?? throw new MountException($"could not start {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MountException($"{file} is not installed ({e.Message})");
        }
    }
}
