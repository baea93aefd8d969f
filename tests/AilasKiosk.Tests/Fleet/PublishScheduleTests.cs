using AilasKiosk.Fleet;

namespace AilasKiosk.Tests.Fleet;

/// <summary>When the status object is written: at once, after a change (not more often than the gap), and every minute.</summary>
public class PublishScheduleTests
{
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_first_write_is_at_once()
    {
        Assert.Equal(TimeSpan.Zero, new PublishSchedule(Gap, Minute).WaitBeforeWrite(S(0), "a"));
    }

    [Fact]
    public void Without_a_change_the_next_write_is_a_minute_after_the_last()
    {
        var schedule = new PublishSchedule(Gap, Minute);
        schedule.Attempted(S(10), "a");

        Assert.Equal(S(60), schedule.WaitBeforeWrite(S(10), "a"));
        Assert.Equal(S(1), schedule.WaitBeforeWrite(S(69), "a"));
        Assert.Equal(TimeSpan.Zero, schedule.WaitBeforeWrite(S(70), "a"));
    }

    [Fact]
    public void A_change_is_written_once_the_gap_since_the_last_write_has_passed()
    {
        var schedule = new PublishSchedule(Gap, Minute);
        schedule.Attempted(S(0), "idle");

        Assert.Equal(S(4), schedule.WaitBeforeWrite(S(1), "uploading")); // inside the gap: the rest of it
        Assert.Equal(S(2), schedule.WaitBeforeWrite(S(3), "verifying")); // a second change inside it: the same write
        Assert.Equal(TimeSpan.Zero, schedule.WaitBeforeWrite(S(40), "done")); // long after: at once
    }

    [Fact]
    public void Changes_in_a_burst_make_one_write_per_gap()
    {
        var schedule = new PublishSchedule(Gap, Minute);
        var writes = new List<double>();
        // A slot changing phase every 100 ms for 20 s (a hundred and ninety-nine changes).
        for (var t = 0.0; t < 20; t += 0.1)
        {
            var state = $"phase {t:0.0}";
            if (schedule.WaitBeforeWrite(S(t), state) == TimeSpan.Zero)
            {
                schedule.Attempted(S(t), state);
                writes.Add(t);
            }
        }
        Assert.Equal(4, writes.Count); // 0, 5, 10, 15
        Assert.All(writes.Zip(writes.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 4.999));
    }

    [Fact]
    public void A_failed_write_is_tried_again_at_the_next_tick_or_the_next_change_not_in_a_loop()
    {
        var schedule = new PublishSchedule(Gap, Minute);
        schedule.Attempted(S(0), "storage failing"); // the PUT failed: storage is down

        Assert.Equal(S(60), schedule.WaitBeforeWrite(S(0), "storage failing"));
        Assert.Equal(S(3), schedule.WaitBeforeWrite(S(2), "storage ok")); // the check turned good: soon
    }
}
