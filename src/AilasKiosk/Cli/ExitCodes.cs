using AilasKiosk.Journal;

namespace AilasKiosk.Cli;

/// <summary>
/// The process exit codes of every command, one meaning each, in one table in the README. Scripts, monitoring
/// and the tests rely on them: 1 is only ever a bug, never a verdict about the kiosk.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Every planned file verified and wiped, or nothing to do.</summary>
    public const int Ok = 0;
    /// <summary>An unexpected internal error (a bug): see the log.</summary>
    public const int InternalError = 1;
    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;
    /// <summary>A configuration value is missing or wrong.</summary>
    public const int Configuration = 3;
    /// <summary>The storage could not be reached.</summary>
    public const int StorageUnreachable = 4;
    /// <summary>The storage refused: credentials, permissions, missing bucket, full.</summary>
    public const int StorageRefused = 5;
    /// <summary>The camera is not in the registry, or could not be identified.</summary>
    public const int UnknownCamera = 6;
    /// <summary>Some files were not offloaded; they stay on the card.</summary>
    public const int PartialFailure = 7;
    /// <summary>The card directory cannot be read.</summary>
    public const int CardUnreadable = 8;
    /// <summary>Stopped from outside (SIGTERM, Ctrl+C); running again resumes.</summary>
    public const int Interrupted = 9;
    /// <summary>`status`, `doctor`: the kiosk runs but something needs a maintainer (a failing check, a problem card).</summary>
    public const int NeedsAttention = 10;
    /// <summary>`status`: the daemon is not running (no status file, or none written within its watchdog period).</summary>
    public const int NotRunning = 11;
    /// <summary>The kiosk's own disk (journal, manifests) is full: nothing unproven was wiped; free space, run again.</summary>
    public const int KioskDiskFull = 12;

    /// <summary>`offload`: everything taken is verified, but photos the kiosk does not take are still on the card.</summary>
    public const int LeftOnCard = 13;

    /// <summary>`fleet`: a kiosk is silent, reports a problem (a failing check, a slot), or its status object cannot be read.</summary>
    public const int FleetNeedsAttention = 14;

    // The storage server's TLS certificate is refused: each fault its own code, since each has its own fix. Nothing
    // was uploaded or wiped.
    /// <summary>The certificate is signed by a CA this kiosk does not trust (Storage:CaCertificateFile, the system store).</summary>
    public const int StorageUntrusted = 15;
    /// <summary>The certificate is made for another name than Storage:Endpoint's host.</summary>
    public const int StorageWrongName = 16;
    /// <summary>The certificate has expired (or this kiosk's clock is ahead).</summary>
    public const int StorageCertificateExpired = 17;
    /// <summary>The certificate is not valid yet: most often this kiosk's clock is behind.</summary>
    public const int StorageCertificateNotYetValid = 18;

    /// <summary>`offload`'s code: its outcome's, except a certificate refused, which is told apart from other refusals.</summary>
    public static int For(Offload.OffloadReport report) => report.StorageFailure switch
    {
        Storage.StorageFailure.Untrusted => StorageUntrusted,
        Storage.StorageFailure.WrongName => StorageWrongName,
        Storage.StorageFailure.CertificateExpired => StorageCertificateExpired,
        Storage.StorageFailure.CertificateNotYetValid => StorageCertificateNotYetValid,
        _ => For(report.Outcome),
    };

    public static int For(OffloadOutcome outcome) => outcome switch
    {
        OffloadOutcome.Completed or OffloadOutcome.NothingToDo => Ok,
        OffloadOutcome.UnknownCamera => UnknownCamera,
        OffloadOutcome.StorageUnreachable => StorageUnreachable,
        OffloadOutcome.StorageRefused => StorageRefused,
        OffloadOutcome.Partial => PartialFailure,
        OffloadOutcome.CardUnreadable => CardUnreadable,
        OffloadOutcome.Interrupted => Interrupted,
        OffloadOutcome.KioskDiskFull => KioskDiskFull,
        OffloadOutcome.LeftOnCard => LeftOnCard,
        _ => InternalError,
    };
}
