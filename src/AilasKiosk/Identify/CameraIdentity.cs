namespace AilasKiosk.Identify;

/// <summary>Which camera a card's images come from, and where that was read.</summary>
/// <param name="Label">The registry's label for the serial; null when the camera is not registered.</param>
internal sealed partial record CameraIdentity(string Serial, string? Label, string? Model, string? Firmware, string Source)
{
    public bool IsKnown => Label is not null;

    /// <summary>The serial of images no source identifies: they are secured under quarantine, never wiped.</summary>
    public const string UnidentifiedSerial = "UNIDENTIFIED";

}
