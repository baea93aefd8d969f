namespace AilasKiosk.Status;

/// <summary>
/// The one status model (DESIGN.md §3): slots and health are written here by the daemon; LEDs, display, the
/// status file and logs read snapshots from it. Thread-safe; every change publishes a new immutable snapshot.
/// </summary>
internal sealed class KioskStatus
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private KioskSnapshot _current;

    public KioskStatus(string kioskId, string version, TimeProvider time)
    {
        _time = time;
        var now = time.GetUtcNow();
        _current = new KioskSnapshot(kioskId, version, Environment.ProcessId, now, now, [], HealthReport.Initial(now), null, null);
    }

    /// <summary>Raised after every change, outside the lock, with the new snapshot. Handlers must be quick.</summary>
    public event Action<KioskSnapshot>? Changed;

    public KioskSnapshot Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>Sets a slot's status (adding the slot if new).</summary>
    public void SetSlot(SlotStatus slot) => Mutate(s => s with
    {
        Slots = s.Slots.Where(x => x.Slot != slot.Slot).Append(slot).OrderBy(x => x.Slot, StringComparer.Ordinal).ToArray(),
    });

    /// <summary>Changes a slot only if it exists, from its current value (progress updates).</summary>
    public void UpdateSlot(string slot, Func<SlotStatus, SlotStatus> change) => Mutate(s =>
    {
        var existing = s.Slots.FirstOrDefault(x => x.Slot == slot);
        return existing is null ? s : s with { Slots = s.Slots.Select(x => x.Slot == slot ? change(x) : x).ToArray() };
    });

    /// <summary>The card left the slot: forget it (the slot reads "ready" again).</summary>
    /// <param name="onlyIf">Only when the slot still holds what the caller put there (a new card may already be in).</param>
    public void RemoveSlot(string slot, Func<SlotStatus, bool>? onlyIf = null) =>
        Mutate(s => s with { Slots = s.Slots.Where(x => x.Slot != slot || (onlyIf is not null && !onlyIf(x))).ToArray() });

    public void SetHealth(HealthReport health) => Mutate(s => s with { Health = health });

    public void SetLastCard(LastCard last) => Mutate(s => s with { LastCard = last });

    /// <summary>A session ended: it heads the recent sessions, of which the oldest beyond <see cref="RecentSession.Kept"/> is forgotten.</summary>
    public void AddSession(RecentSession session) => Mutate(s => s with
    {
        RecentSessions = [session, .. (s.RecentSessions ?? []).Take(RecentSession.Kept - 1)],
    });

    public void SetIpAddress(string? ip) => Mutate(s => s.IpAddress == ip ? s : s with { IpAddress = ip });

    private void Mutate(Func<KioskSnapshot, KioskSnapshot> change)
    {
        KioskSnapshot next;
        lock (_gate)
        {
            next = change(_current) with { UpdatedAt = _time.GetUtcNow() };
            _current = next;
        }
        Changed?.Invoke(next);
    }
}

internal static class KioskStatusWaiting
{
    /// <summary>Completes once a snapshot satisfies <paramref name="condition"/> (checked now and after every change).</summary>
    public static async Task WaitUntilAsync(this KioskStatus status, Func<KioskSnapshot, bool> condition, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(KioskSnapshot s)
        {
            if (condition(s))
                reached.TrySetResult();
        }
        status.Changed += OnChanged;
        try
        {
            OnChanged(status.Current);
            await reached.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            status.Changed -= OnChanged;
        }
    }
}
