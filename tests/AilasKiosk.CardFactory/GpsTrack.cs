namespace AilasKiosk.CardFactory;

/// <summary>
/// A plausible street-level GPS track: starts on a real street in Tours or Angers and walks
/// forward a few metres per photo, its heading drifting slightly, like a crew's car or bike.
/// Angers lies west of Greenwich, so its tracks exercise the "W" longitude reference.
/// </summary>
internal sealed class GpsTrack
{
    private const double MetresPerDegreeLatitude = 111_320;

    private static readonly (string Street, double Latitude, double Longitude, double Altitude, double Heading)[] Starts =
    [
        ("Tours, boulevard Béranger", 47.39060, 0.68250, 52, 270),
        ("Tours, rue Nationale", 47.38930, 0.68800, 55, 0),
        ("Angers, boulevard Foch", 47.47010, -0.55060, 41, 180),
        ("Angers, avenue Jeanne d'Arc", 47.46600, -0.54220, 38, 95),
    ];

    private readonly Xoshiro256 random;
    private double latitude, longitude, altitude, heading;

    public GpsTrack(Xoshiro256 random)
    {
        this.random = random;
        var start = Starts[random.NextInt64(0, Starts.Length - 1)];
        (latitude, longitude, altitude, heading) = (start.Latitude, start.Longitude, start.Altitude, start.Heading);
    }

    /// <summary>The current position, then a step of <paramref name="metres"/> along the street.</summary>
    public (double Latitude, double Longitude, double Altitude) Next(double metres)
    {
        var here = (latitude, longitude, altitude);
        double radians = heading * Math.PI / 180;
        latitude += metres * Math.Cos(radians) / MetresPerDegreeLatitude;
        longitude += metres * Math.Sin(radians) / (MetresPerDegreeLatitude * Math.Cos(latitude * Math.PI / 180));
        altitude += (random.NextDouble() - 0.5) * 0.4;
        heading += (random.NextDouble() - 0.5) * 4;
        return here;
    }
}
