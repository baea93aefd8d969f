using AilasKiosk.Configuration;
using AilasKiosk.Hosting;
using AilasKiosk.Journal;
using Microsoft.Extensions.Hosting;

namespace AilasKiosk.Cli;

/// <summary>`ailas-kiosk run`: the daemon (the systemd service). Runs until SIGTERM.</summary>
internal static class RunCommand
{
    /// <param name="stopping">Cancelled on SIGTERM / SIGINT (System.CommandLine's handler): the host then stops in order.</param>
    public static async Task<int> RunAsync(string? configFile, CancellationToken stopping)
    {
        IHost host;
        try
        {
            host = KioskHost.BuildDaemon(configFile);
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
            return ExitCodes.Configuration;
        }
        using (host)
        {
            try
            {
                await host.RunAsync(stopping);
            }
            catch (JournalException e)
            {
                // The journal is opened as the services start: one clear line for journalctl, not a stack trace.
                Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
                return ExitCodes.Configuration;
            }
            catch (IOException e) when (KioskDiskFullException.IsDiskFull(e))
            {
                // The log file's last flush as the host stops, on a full disk: everything else has stopped in order.
                Console.Error.WriteLine($"ailas-kiosk: stopped; the kiosk's own disk is full: {e.Message}");
                return ExitCodes.KioskDiskFull;
            }
        }
        return ExitCodes.Ok;
    }
}
