namespace AilasKiosk.Crew.Leds;

/// <summary>
/// How one signal looks: for each LED a rhythm over a 2-second cycle of 16 steps of 125 ms, written as text
/// ('#' lit, '.' dark) so the table below reads like the LEDs themselves. Every signal has its own rhythm, so a
/// colour-blind crew tells them apart by rhythm alone; the colour says the same thing again (green: fine,
/// amber: wait, red: a person is needed).
/// </summary>
internal sealed record LedPattern(LedSignal Signal, string Green, string Amber, string Red, string Meaning, string WhatToDo)
{
    public const int Steps = 16;
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(125);
    public static readonly TimeSpan Cycle = Step * Steps;

    public bool IsLit(LedColor color, int step) => (color switch
    {
        LedColor.Green => Green,
        LedColor.Amber => Amber,
        _ => Red,
    })[step % Steps] == '#';

    /// <summary>The rhythm any LED makes, whatever its colour: what a colour-blind eye sees.</summary>
    public string Rhythm => new(Enumerable.Range(0, Steps)
        .Select(i => IsLit(LedColor.Green, i) || IsLit(LedColor.Amber, i) || IsLit(LedColor.Red, i) ? '#' : '.').ToArray());
}

/// <summary>The table of signals (also in the README).</summary>
internal static class LedPatterns
{
    private const string Dark = "................";
    private const string Steady = "################";

    public static readonly IReadOnlyList<LedPattern> All =
    [
        new(LedSignal.Off, Dark, Dark, Dark, "kiosk not running", "call maintenance if it stays dark"),
        new(LedSignal.Ready, "#...............", Dark, Dark, "ready, no card", "insert a card"),
        new(LedSignal.Working, Dark, "########........", Dark, "working on the card", "wait; do not pull the card"),
        new(LedSignal.SafeToRemove, Steady, Dark, Dark, "done: verified, wiped, unmounted", "pull the card"),
        new(LedSignal.ProblemCardUntouched, Dark, Dark, "##..##..........", "problem, nothing on the card was deleted", "read the display; pull the card"),
        new(LedSignal.ProblemCardPartlyOffloaded, Dark, Dark, "##..##..##......", "problem, verified images were wiped, the rest are on the card", "read the display; pull the card"),
        new(LedSignal.UnknownCamera, Dark, "####....####....", "####....####....", "camera not registered: images secured, kept on the card", "pull the card, call maintenance"),
        new(LedSignal.WaitingForClock, Dark, "#.#.#...........", Dark, "waiting for the clock", "leave the card in and wait"),
        new(LedSignal.StorageDownIdle, Dark, Dark, "#.......#.......", "storage unreachable", "call maintenance; cards would wait"),
    ];

    public static LedPattern For(LedSignal signal) => All.Single(p => p.Signal == signal);
}
