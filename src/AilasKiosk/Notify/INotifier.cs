using AilasKiosk.Offload;
using AilasKiosk.Status;

namespace AilasKiosk.Notify;

/// <summary>
/// Tells people away from the kiosk what it did and what it needs (the webhook). Every call returns at once and
/// never throws: a report is a courtesy, the card's work never waits for it.
/// </summary>
internal interface INotifier
{
    /// <param name="problem">How the session shows on a slot (<c>OutcomeMapping</c>), null when done.</param>
    /// <param name="slot">The reader slot (`run`), null for `offload`.</param>
    void SessionEnded(OffloadReport report, SlotProblem? problem, string? slot);

    /// <summary>Reported only when the kind needs a person (<see cref="Notice.NeedsAPerson"/>); others are ignored.</summary>
    void ProblemRaised(SlotProblem problem, string? session, string? slot, CameraRef camera);

    /// <summary>At exit: sends what is queued, for at most <paramref name="within"/>; what is left then is dropped with a log line.</summary>
    Task CloseAsync(TimeSpan within);
}

/// <summary>No webhook configured: reports go nowhere.</summary>
internal sealed class SilentNotifier : INotifier
{
    public void SessionEnded(OffloadReport report, SlotProblem? problem, string? slot)
    {
    }

    public void ProblemRaised(SlotProblem problem, string? session, string? slot, CameraRef camera)
    {
    }

    public Task CloseAsync(TimeSpan within) => Task.CompletedTask;
}
