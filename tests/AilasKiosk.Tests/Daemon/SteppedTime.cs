using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace AilasKiosk.Tests.Daemon;

/// <summary>
/// Fake time that tells when the code under test has armed a timer (a Task.Delay on this provider): then it is
/// parked, waiting for time to pass, and a test can move the clock exactly to that timer's due time. No real
/// sleeps stand in for "the daemon has got there".
/// </summary>
public sealed class SteppedTime(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly SemaphoreSlim _armed = new(0);
    private readonly ConcurrentQueue<DateTimeOffset> _due = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _due.Enqueue(dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : GetUtcNow() + dueTime);
        _armed.Release();
        return timer;
    }

    /// <summary>
    /// Waits (at most 60 s of real time) until the next timer is armed; returns when it is due. The bound only
    /// turns a hang into a failure: the code under test runs on the thread pool, which a whole-suite run on two
    /// loaded cores can keep busy for many seconds (a 20 s bound failed twice that way, never alone).
    /// </summary>
    public async Task<DateTimeOffset> NextTimerAsync()
    {
        if (!await _armed.WaitAsync(TimeSpan.FromSeconds(60)))
            throw new TimeoutException("the code under test armed no timer within 60 s: it is not waiting for time to pass " +
                $"(thread pool: {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} work items waiting)");
        _due.TryDequeue(out var due);
        return due;
    }

    /// <summary>Moves the clock to <paramref name="due"/> (never backwards), firing what is due by then.</summary>
    public void RunTo(DateTimeOffset due)
    {
        if (due > GetUtcNow())
            SetUtcNow(due);
    }

    /// <summary>Waits for the next timer and lets time run to it.</summary>
    public async Task RunToNextTimerAsync() => RunTo(await NextTimerAsync());
}
