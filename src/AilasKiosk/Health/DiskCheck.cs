using AilasKiosk.Status;

namespace AilasKiosk.Health;

/// <summary>Room for the journal and the logs: a full SD card stops the journal, and with it every wipe.</summary>
internal static class DiskCheck
{
    public static HealthCheck Evaluate(string stateDirectory, long minimumFreeBytes)
    {
        try
        {
            var free = new DriveInfo(stateDirectory).AvailableFreeSpace;
            var text = $"{free / 1e9:0.0} GB free in {stateDirectory}";
            return free >= minimumFreeBytes
                ? new(CheckState.Ok, text)
                : new(CheckState.Failing, $"only {text} (under {minimumFreeBytes / 1e6:0} MB): free space, e.g. sudo journalctl --vacuum-size=100M",
                    ProblemKind.KioskDiskFull);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new(CheckState.Failing, $"cannot read the free space of {stateDirectory}: {e.Message}");
        }
    }
}
