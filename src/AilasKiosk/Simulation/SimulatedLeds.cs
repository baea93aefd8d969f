using AilasKiosk.Crew;
using AilasKiosk.Crew.Leds;
namespace AilasKiosk.Simulation;

/// <summary>
/// The LEDs without GPIO: their state is kept for tests and `leds test`; what they show is told on the terminal by
/// <see cref="CrewInterface"/> once per signal (a line per blink would drown everything else).
/// </summary>
internal sealed class SimulatedLeds : ILedOutput
{
    private readonly bool[] _lit = new bool[3];

    public bool IsLit(LedColor color)
    {
        lock (_lit) return _lit[(int)color];
    }

    public void Light(LedColor color, bool lit)
    {
        lock (_lit) _lit[(int)color] = lit;
    }

    public void Dispose() { }
}
