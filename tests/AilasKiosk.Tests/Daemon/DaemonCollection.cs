namespace AilasKiosk.Tests.Daemon;

/// <summary>Daemon tests attach loop devices and run FUSE daemons: one at a time keeps a 2-core machine responsive.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DaemonCollection
{
    public const string Name = "daemon";
}
