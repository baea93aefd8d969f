namespace AilasKiosk.Crew.Screens;

/// <summary>
/// The words of a problem screen, kept apart from the pixels so they can be read and tested as text:
/// a short headline for the inverted title bar, then what happened, whether the card was changed, and what
/// to do — each a paragraph of plain words.
/// </summary>
internal sealed record ProblemText(string Headline, string WhatHappened, string CardSentence, string Action)
{
    /// <summary>The body lines that fit under the title bar.</summary>
    public const int MaxLines = 6;

    public const string NothingDeleted = "Nothing was deleted.";
    public const string SomeDeleted = "Verified photos were deleted; the rest are still on the card.";

    /// <summary>
    /// The body wrapped to 21 characters. If all three paragraphs do not fit, "what happened" is left out: the
    /// headline already says it, and whether the card changed and what to do matter more.
    /// </summary>
    public IReadOnlyList<string> Lines => Paragraphs.SelectMany(p => p).ToArray();

    /// <summary>The same lines grouped by paragraph, so the screen can set paragraphs a little apart.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Paragraphs
    {
        get
        {
            IReadOnlyList<string>[] full = [WordWrap.Wrap(WhatHappened), WordWrap.Wrap(CardSentence), WordWrap.Wrap(Action)];
            return full.Sum(p => p.Count) <= MaxLines ? full : full[1..];
        }
    }

    public static ProblemText For(ScreenState.Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var card = problem.CardChanged ? SomeDeleted : NothingDeleted;
        var detail = string.IsNullOrWhiteSpace(problem.Detail) ? null : problem.Detail.Trim();
        return problem.Kind switch
        {
            ProblemKind.StorageUnreachable => new("STORAGE DOWN", "Cannot reach storage.", card,
                "Remove card. Call maintenance: storage unreachable."),
            ProblemKind.StorageRefused => new("STORAGE REFUSED", "Storage said no.", card,
                "Remove card. Call maintenance: storage refused."),
            ProblemKind.StorageFull => new("STORAGE FULL", "No space left.", card,
                "Remove card. Call maintenance: storage full."),
            // Not "storage down": a maintainer must look at a certificate, a setting or the clock, not at the cable.
            ProblemKind.StorageUntrusted => new("STORAGE NOT TRUSTED", "Storage certificate not trusted.", card,
                "Remove card. Call maintenance: storage certificate."),
            ProblemKind.StorageWrongName => new("STORAGE NAME WRONG", "Storage certificate is for another name.", card,
                "Remove card. Call maintenance: storage address."),
            ProblemKind.StorageCertificateExpired => new("STORAGE CERT EXPIRED", "Storage certificate has expired.", card,
                "Remove card. Call maintenance: renew certificate."),
            // Most often the kiosk booted with an old time and has not synchronised yet: it resumes by itself.
            ProblemKind.StorageCertificateNotYetValid => new("KIOSK CLOCK BEHIND", "Clock is behind the storage certificate.", card,
                "Leave the card in and wait. Over 10 min? Call maintenance."),
            ProblemKind.WaitingForClock => new("WAITING FOR CLOCK", "Clock not set yet.", card,
                "Leave the card in and wait. Over 10 min? Call maintenance."),
            ProblemKind.UnknownCamera => new("UNKNOWN CAMERA",
                detail is null ? "Camera not registered." : $"Camera {detail} is not registered.", card,
                "Remove card. Call maintenance: new camera."),
            ProblemKind.NotACameraCard => new("NOT A CAMERA CARD", "No GoPro photos on this card.", card,
                "Remove card. Check it is the right one."),
            ProblemKind.CardReadError => new("CARD READ ERROR", "Card cannot be read.", card,
                "Remove card. Call maintenance: card read error."),
            ProblemKind.CardPulledTooEarly => new("CARD PULLED", "Removed too early.", card,
                "Put it back in to finish."),
            ProblemKind.PartialFailure => new("SOME FILES FAILED",
                detail is null ? "Some files did not upload." : $"{detail} did not upload.", card,
                "Remove card. Call maintenance: partial upload."),
            // The card waits in the reader and is finished by itself once a maintainer frees space on the kiosk.
            ProblemKind.KioskDiskFull => new("KIOSK DISK FULL", "The kiosk's own storage is full.", card,
                "Leave card in, wait. Call maintenance: kiosk disk full."),
            // The crew's next step would be to format the card in the camera: this screen exists to stop that.
            ProblemKind.PhotosLeftOnCard => new("PHOTOS LEFT ON CARD",
                detail is null ? "Some photos were not taken." : $"{detail} not taken.", card,
                "Do not format it. Call maintenance."),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem.Kind, "Unknown problem kind."),
        };
    }
}
