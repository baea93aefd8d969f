using AilasKiosk.Configuration;
using AilasKiosk.Status;

namespace AilasKiosk.Health;

/// <summary>
/// Is this clock good enough to upload? A Pi 4 has no RTC: until NTP runs it may think it is 1970 or the last
/// shutdown; S3 refuses signatures beyond 15 min of skew (RequestTimeTooSkewed) and capture-date keys would be
/// wrong. The storage server's Date header is the reference the uploads are judged against, so it decides.
/// </summary>
internal static class ClockCheck
{
    /// <param name="serverDate">The storage server's clock, when it answered; null when unreachable.</param>
    public static HealthCheck Evaluate(DateTimeOffset localNow, DateTimeOffset? serverDate, HealthOptions options)
    {
        if (localNow < options.NotBefore)
            return new(CheckState.Failing,
                $"the clock reads {localNow:yyyy-MM-dd HH:mm} UTC, before {options.NotBefore:yyyy-MM-dd}: not synchronised yet (check NTP: timedatectl)", ProblemKind.WaitingForClock);
        if (serverDate is not { } server)
            return new(CheckState.Ok, $"plausible ({localNow:yyyy-MM-dd HH:mm:ss} UTC); not compared with the storage server, which did not answer");
        var skew = localNow - server;
        var limit = TimeSpan.FromSeconds(options.MaxClockSkewSeconds);
        if (skew.Duration() > limit)
            return new(CheckState.Failing,
                $"the clock is {Describe(skew)} the storage server's (limit {limit.TotalMinutes:0.#} min): uploads wait for time sync (timedatectl)", ProblemKind.WaitingForClock);
        // The Date header has a one-second resolution.
        return new(CheckState.Ok, skew.Duration() <= TimeSpan.FromSeconds(2)
            ? "in step with the storage server"
            : $"{Describe(skew)} the storage server, within the limit");
    }

    private static string Describe(TimeSpan skew)
    {
        var amount = skew.Duration();
        var text = amount >= TimeSpan.FromHours(1) ? $"{amount.TotalHours:0.#} h" : amount >= TimeSpan.FromMinutes(1) ? $"{amount.TotalMinutes:0.#} min" : $"{amount.TotalSeconds:0} s";
        return skew > TimeSpan.Zero ? $"{text} ahead of" : $"{text} behind";
    }
}
