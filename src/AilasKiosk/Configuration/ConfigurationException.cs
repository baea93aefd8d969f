namespace AilasKiosk.Configuration;

/// <summary>A configuration value that is missing or wrong. Key is the configuration path (e.g. Storage:Endpoint).</summary>
internal sealed class ConfigurationException(string key, string problem) : Exception($"configuration error: {key}: {problem}")
{
    public string Key { get; } = key;
    public string Problem { get; } = problem;
}
