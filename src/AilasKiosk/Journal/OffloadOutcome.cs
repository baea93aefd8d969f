namespace AilasKiosk.Journal;

/// <summary>How a card session ended, in the terms the exit code, the screen and the history need.</summary>
internal enum OffloadOutcome
{
    /// <summary>Every planned file verified in the bucket and wiped (or kept, with Offload:Wipe=false).</summary>
    Completed,
    /// <summary>No images on the card.</summary>
    NothingToDo,
    /// <summary>Images of an unregistered or unidentified camera: secured under quarantine, kept on the card.</summary>
    UnknownCamera,
    /// <summary>The storage could not be reached. Unverified files stay on the card.</summary>
    StorageUnreachable,
    /// <summary>The storage refused: credentials, permissions, bucket missing, full.</summary>
    StorageRefused,
    /// <summary>Some files failed; they stay on the card, the others were offloaded.</summary>
    Partial,
    /// <summary>The card (directory) could not be read as a camera card.</summary>
    CardUnreadable,
    /// <summary>
    /// Every image taken is verified (and wiped), but entries under DCIM/ that look like photos were not taken
    /// (a link, a special file, a name the storage cannot hold, a folder nested too deep): they stay on the card.
    /// </summary>
    LeftOnCard,
    /// <summary>Stopped from outside (SIGTERM, Ctrl+C) before the end; running again resumes.</summary>
    Interrupted,
    /// <summary>The kiosk's own disk (the journal's) is full: nothing more could be proven, so nothing more was wiped.</summary>
    KioskDiskFull,
}
