namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// Daemon tests attach loop devices and run FUSE daemons: one at a time keeps a 2-core machine responsive. A daemon
/// under test takes every loop device on the machine for a card, so every test that attaches one (losetup, not
/// `mount -o loop`, which the daemon ignores) belongs here too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DaemonCollection
{
    public const string Name = "daemon";
}
