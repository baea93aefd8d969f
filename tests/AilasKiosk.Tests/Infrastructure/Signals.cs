namespace AilasKiosk.Tests.Infrastructure;

internal static class Signals
{
    /// <summary>kill(2): SIGTERM (15) as systemd stops a service, SIGKILL (9) as a power cut would.</summary>
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    public static extern int Send(int pid, int signal);
}
