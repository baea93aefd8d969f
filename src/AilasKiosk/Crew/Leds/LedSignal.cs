namespace AilasKiosk.Crew.Leds;

internal enum LedColor
{
    Green,
    Amber,
    Red,
}

/// <summary>What the three LEDs tell the crew: one signal at a time, for the most urgent slot.</summary>
public enum LedSignal
{
    /// <summary>All dark: the kiosk is not running (or is starting).</summary>
    Off,
    /// <summary>No card, all healthy: insert one.</summary>
    Ready,
    /// <summary>A card is being read or written: do not pull it.</summary>
    Working,
    /// <summary>Verified, wiped, unmounted: pull the card.</summary>
    SafeToRemove,
    /// <summary>A problem; nothing on the card was deleted.</summary>
    ProblemCardUntouched,
    /// <summary>A problem after verified images were wiped; the rest are still on the card.</summary>
    ProblemCardPartlyOffloaded,
    /// <summary>A camera the registry does not know: images secured in quarantine, kept on the card.</summary>
    UnknownCamera,
    /// <summary>The clock is not set (no NTP yet): uploads wait.</summary>
    WaitingForClock,
    /// <summary>No card in, but storage does not answer: a card inserted now would wait.</summary>
    StorageDownIdle,
}
