using System.Globalization;

namespace AilasKiosk.Tests.Soak;

/// <summary>
/// How long and how hard the soak runs: AILAS_SOAK_SEED, AILAS_SOAK_CARDS and AILAS_SOAK_MINUTES, which
/// tools/soak.sh sets. Unset, it is a CI-sized run (4 cards, 3 minutes) with a fixed seed, so that a run replays the
/// same choices; tools/soak.sh draws a new seed unless given one. Every random choice of a run comes from the
/// seed, which the run prints: a failure is replayed with the same seed (timings, of course, differ).
/// </summary>
internal sealed record SoakPlan(int Seed, int Cards, TimeSpan Duration)
{
    public const int CiSeed = 20261130;
    public const int CiCards = 4;
    public static readonly TimeSpan CiDuration = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The daemon is SIGKILLed only in this first part of the run, so that the rest is one daemon's life, long
    /// enough to show growth of its own descriptors, threads and memory.
    /// </summary>
    public const double KillsUntil = 0.6;

    public static SoakPlan FromEnvironment() => new(
        Read("AILAS_SOAK_SEED", CiSeed, int.Parse),
        Read("AILAS_SOAK_CARDS", CiCards, int.Parse),
        Read("AILAS_SOAK_MINUTES", CiDuration, s => TimeSpan.FromMinutes(double.Parse(s, CultureInfo.InvariantCulture))));

    public string Replay => $"tools/soak.sh --cards {Cards} --minutes {Duration.TotalMinutes.ToString(CultureInfo.InvariantCulture)} --seed {Seed}";

    private static T Read<T>(string name, T fallback, Func<string, T> parse) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? parse(value) : fallback;
}
