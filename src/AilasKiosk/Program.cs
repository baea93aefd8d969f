using System.CommandLine;
using AilasKiosk.Cli;
using AilasKiosk.Configuration;
using AilasKiosk.Hosting;

var configOption = new Option<string?>("--config")
{
    Description = "An extra JSON configuration file (over appsettings.json and /etc/ailas-kiosk/kiosk.json, under AILAS_* variables).",
    Recursive = true,
};
var root = new RootCommand("AilasKiosk: offloads GoPro cards into MinIO, proves every copy, then wipes the card.");
root.Options.Add(configOption);

var cardRoot = new Argument<string>("card-root") { Description = "The mounted card's directory (the one holding DCIM/ and MISC/)." };
var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on the last line of stdout (logs go to stderr)." };
var offload = new Command("offload", "Offload one mounted card with the daemon's engine, then exit.") { cardRoot, json };
offload.SetAction((parse, ct) => WithHost(parse.GetValue(configOption), parse.GetValue(json),
    host => OffloadCommand.RunAsync(host, parse.GetValue(cardRoot)!, parse.GetValue(json), ct)));
root.Subcommands.Add(offload);

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
        Console.Error.WriteLine($"ailas-kiosk: {error.Message}");
    Console.Error.WriteLine("Try 'ailas-kiosk --help'.");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();

static async Task<int> WithHost(string? configFile, bool logToStandardError, Func<Microsoft.Extensions.Hosting.IHost, Task<int>> command)
{
    Microsoft.Extensions.Hosting.IHost host;
    try
    {
        host = KioskHost.Build(configFile, logToStandardError);
    }
    catch (ConfigurationError e)
    {
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.Configuration;
    }
    return await command(host);
}
