namespace AilasKiosk.Crew.Screens;

/// <summary>
/// One realistic example per state and per problem kind: what `ailas-kiosk display render` and `display test` show,
/// and what the golden PNGs of the tests (named like these keys) pin down.
/// </summary>
internal static class SampleScreens
{
    private const long GB = 1_000_000_000;

    public static readonly IReadOnlyDictionary<string, ScreenState> All = new Dictionary<string, ScreenState>
    {
        ["idle"] = new ScreenState.Idle("192.168.1.23", true, "AILAS-07 · 312 photos · 14:02"),
        ["idle-storage-down"] = new ScreenState.Idle(null, false, null),
        ["working-identifying"] = new ScreenState.Working("AILAS-07", WorkPhase.Identifying, 0, 0, 0, 0, null, null),
        ["working-uploading"] = new ScreenState.Working("AILAS-07", WorkPhase.Uploading, 412, 731, 5_200_000_000, 9_100_000_000, 11.3, TimeSpan.FromMinutes(6.2)),
        ["working-verifying"] = new ScreenState.Working("AILAS-07", WorkPhase.Verifying, 700, 731, 8_800_000_000, 9_100_000_000, 42.0, TimeSpan.FromSeconds(20)),
        ["working-wiping"] = new ScreenState.Working("AILAS-07", WorkPhase.Wiping, 120, 731, 0, 0, null, null),
        ["working-long-label"] = new ScreenState.Working("AILAS-LONGNAME-123", WorkPhase.Uploading, 1412, 2731, 21 * GB, 39 * GB, 4.7, TimeSpan.FromMinutes(64)),
        ["done"] = new ScreenState.Done("AILAS-07", 731, 9_100_000_000),
        ["problem-storage-unreachable"] = new ScreenState.Problem(ProblemKind.StorageUnreachable, null, false),
        ["problem-storage-unreachable-changed"] = new ScreenState.Problem(ProblemKind.StorageUnreachable, null, true),
        ["problem-storage-refused"] = new ScreenState.Problem(ProblemKind.StorageRefused, "AccessDenied", false),
        ["problem-storage-full"] = new ScreenState.Problem(ProblemKind.StorageFull, null, true),
        ["problem-storage-untrusted"] = new ScreenState.Problem(ProblemKind.StorageUntrusted, null, false),
        ["problem-storage-wrong-name"] = new ScreenState.Problem(ProblemKind.StorageWrongName, null, false),
        ["problem-storage-certificate-expired"] = new ScreenState.Problem(ProblemKind.StorageCertificateExpired, null, false),
        ["problem-storage-certificate-not-yet-valid"] = new ScreenState.Problem(ProblemKind.StorageCertificateNotYetValid, null, false),
        ["problem-waiting-for-clock"] = new ScreenState.Problem(ProblemKind.WaitingForClock, null, false),
        ["problem-unknown-camera"] = new ScreenState.Problem(ProblemKind.UnknownCamera, "C3441325123456", false),
        ["problem-not-a-camera-card"] = new ScreenState.Problem(ProblemKind.NotACameraCard, null, false),
        ["problem-card-read-error"] = new ScreenState.Problem(ProblemKind.CardReadError, null, false),
        ["problem-card-pulled-too-early"] = new ScreenState.Problem(ProblemKind.CardPulledTooEarly, null, true),
        ["problem-kiosk-disk-full"] = new ScreenState.Problem(ProblemKind.KioskDiskFull, null, false),
        ["problem-partial-failure"] = new ScreenState.Problem(ProblemKind.PartialFailure, "17 of 731 files", true),
        ["problem-photos-left-on-card"] = new ScreenState.Problem(ProblemKind.PhotosLeftOnCard, "3 photos", true),
        ["several-cards"] = new ScreenState.Several([new("C3441325123456", "UNKNOWN", true), new("AILAS-07", "57%", false), new("AILAS-03", "DONE, PULL", false)]),
    };
}
