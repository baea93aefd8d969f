namespace AilasKiosk.Status;

/// <summary>Where a reader slot is in the flow of one card (DESIGN.md §3). Problems are a phase of their own.</summary>
public enum SlotPhase
{
    /// <summary>No card in this reader: ready for one.</summary>
    Ready,
    /// <summary>A medium appeared; it is being probed and mounted.</summary>
    CardDetected,
    /// <summary>Mounted; scanning the card and working out which camera it belongs to.</summary>
    Identifying,
    /// <summary>Images are going to the bucket (with progress).</summary>
    Uploading,
    /// <summary>Every image is in the bucket; the manifest is being stored and the last proofs made.</summary>
    Verifying,
    /// <summary>Deleting verified images from the card.</summary>
    Wiping,
    /// <summary>Flushing and unmounting.</summary>
    Ejecting,
    /// <summary>Everything verified, wiped, unmounted: safe to remove.</summary>
    Done,
    /// <summary>Something needs a person (or, for the clock, time). See <see cref="SlotStatus.Problem"/>.</summary>
    Problem,
}
