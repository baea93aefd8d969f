using System.CommandLine;
using AilasKiosk.Cli;
using AilasKiosk.Configuration;
using AilasKiosk.Hosting;
using AilasKiosk.Journal;

var configOption = new Option<string?>("--config")
{
    Description = "An extra JSON configuration file (over appsettings.json and /etc/ailas-kiosk/kiosk.json, under AILAS_* variables).",
    Recursive = true,
};
var volumeLabel = new Option<string?>("--volume-label")
{
    Description = "The card's file-system label (as udev reports it): identifies the camera when nothing else does and it matches Identify:VolumeLabelPattern.",
};
var volumeUuid = new Option<string?>("--volume-uuid")
{
    Description = "The card's file-system serial (as udev reports it, e.g. 1A2B-3C4D): files an earlier session of this card proved, and unchanged since (size, time), are not read again.",
};
var root = new RootCommand("AilasKiosk: offloads GoPro cards into MinIO, proves every copy, then wipes the card.");
root.Options.Add(configOption);

var cardRoot = new Argument<string>("card-root") { Description = "The mounted card's directory (the one holding DCIM/ and MISC/)." };
var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on the last line of stdout (logs go to stderr)." };
var offload = new Command("offload", "Offload one mounted card with the daemon's engine, then exit.") { cardRoot, json, volumeLabel, volumeUuid };
offload.SetAction((parse, ct) => WithHost(parse.GetValue(configOption), parse.GetValue(json),
    host => OffloadCommand.RunAsync(host, parse.GetValue(cardRoot)!, parse.GetValue(json), parse.GetValue(volumeLabel), parse.GetValue(volumeUuid), ct)));
root.Subcommands.Add(offload);

var asJson = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
var identifyRoot = new Argument<string>("card-root") { Description = "The mounted card's directory." };
var identify = new Command("identify", "Show what the kiosk would do with a card (cameras, labels, counts, warnings), touching nothing.") { identifyRoot, asJson, volumeLabel };
identify.SetAction(parse => Guarded(() => IdentifyCommand.Run(parse.GetValue(configOption), parse.GetValue(identifyRoot)!, parse.GetValue(asJson), parse.GetValue(volumeLabel))));
root.Subcommands.Add(identify);
var shared = new Option<bool>("--shared") { Description = "The shared registry in the bucket (Registry:SharedKey), which every kiosk reads, instead of this kiosk's." };
var camerasList = new Command("list", "List the registered cameras: label, serial, where the entry comes from.") { asJson, shared };
camerasList.SetAction((parse, ct) => parse.GetValue(shared)
    ? GuardedAsync(() => SharedCamerasCommand.ListAsync(parse.GetValue(configOption), parse.GetValue(asJson), ct))
    : Task.FromResult(Guarded(() => CamerasCommand.List(parse.GetValue(configOption), parse.GetValue(asJson)))));
var serialArg = new Argument<string>("serial") { Description = "The camera's serial number, e.g. C3471325208909 (see `identify`)." };
var labelArg = new Argument<string>("label") { Description = "Its label, the bucket folder, e.g. AILAS-07 (as on the sticker)." };
var force = new Option<bool>("--force") { Description = "Relabel a registered serial, or reuse a label." };
var camerasAdd = new Command("add", "Register a camera: its images will be filed under LABEL/.") { serialArg, labelArg, force, shared };
camerasAdd.SetAction((parse, ct) => parse.GetValue(shared)
    ? GuardedAsync(() => SharedCamerasCommand.AddAsync(parse.GetValue(configOption), parse.GetValue(serialArg)!, parse.GetValue(labelArg)!, parse.GetValue(force), ct))
    : Task.FromResult(Guarded(() => CamerasCommand.Add(parse.GetValue(configOption), parse.GetValue(serialArg)!, parse.GetValue(labelArg)!, parse.GetValue(force)))));
root.Subcommands.Add(new Command("cameras", "The camera registry: serial number → label.") { camerasList, camerasAdd });

var limit = new Option<int>("--limit") { Description = "How many sessions, newest first.", DefaultValueFactory = _ => 20 };
var history = new Command("history", "Recent card sessions from the journal: camera, files, verified, wiped, errors.") { limit, asJson };
history.SetAction(parse => Guarded(() => HistoryCommand.Run(parse.GetValue(configOption), parse.GetValue(limit), parse.GetValue(asJson))));
root.Subcommands.Add(history);

var doctor = new Command("doctor", "Check this kiosk's health: configuration, storage, clock, journal, free space, GPIO and I2C.") { asJson };
doctor.SetAction((parse, ct) => DoctorCommand.RunAsync(parse.GetValue(configOption), parse.GetValue(asJson), ct));
root.Subcommands.Add(doctor);

var run = new Command("run", "The daemon (the systemd service): offload every card inserted, until stopped.");
run.SetAction((parse, ct) => RunCommand.RunAsync(parse.GetValue(configOption), ct));
root.Subcommands.Add(run);

var status = new Command("status", "What the daemon is doing now: each reader slot, storage, clock, disk. Exit 0 all well, 1 not running, 10 needs attention.") { asJson };
status.SetAction(parse => Guarded(() => StatusCommand.Run(parse.GetValue(configOption), parse.GetValue(asJson))));
root.Subcommands.Add(status);

var silentAfter = new Option<string?>("--silent-after")
{
    Description = "A kiosk whose status is older than this is silent: 300, 90s, 5m, 2h, 1d. Default 5m.",
};
var days = new Option<int>("--days") { Description = "Cameras seen in the kiosks' sessions of the last N days.", DefaultValueFactory = _ => FleetCommand.DefaultDays };
var fleet = new Command("fleet", "Every kiosk's status from the bucket (last seen, health, slots, last card) and the cameras seen lately. Exit 0 all well, 14 a kiosk silent or with a problem.")
    { asJson, silentAfter, days };
fleet.SetAction((parse, ct) => GuardedAsync(() => FleetCommand.RunAsync(parse.GetValue(configOption), parse.GetValue(asJson), parse.GetValue(silentAfter), parse.GetValue(days), ct)));
root.Subcommands.Add(fleet);

var seconds = new Option<double>("--seconds") { Description = "How long each signal or screen is shown.", DefaultValueFactory = _ => 4 };
var ledsTest = new Command("test", "Light each LED alone, then play every signal (stop the service first).") { seconds };
ledsTest.SetAction((parse, ct) => GuardedAsync(() => CrewHardwareCommands.LedsTestAsync(parse.GetValue(configOption), parse.GetValue(seconds), ct)));
root.Subcommands.Add(new Command("leds", "The status LEDs.") { ledsTest });
var displayTest = new Command("test", "Show a test pattern, then every screen, on the display (stop the service first).") { seconds };
displayTest.SetAction((parse, ct) => GuardedAsync(() => CrewHardwareCommands.DisplayTestAsync(parse.GetValue(configOption), parse.GetValue(seconds), ct)));
var outDir = new Option<string>("--out") { Description = "Directory for the PNG files.", Required = true };
var displayRender = new Command("render", "Write every screen (each state, realistic content) as PNG; no hardware needed.") { outDir };
displayRender.SetAction(parse => CrewHardwareCommands.Render(parse.GetValue(outDir)!));
root.Subcommands.Add(new Command("display", "The 128×64 display.") { displayTest, displayRender });

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
        Console.Error.WriteLine($"ailas-kiosk: {error.Message}");
    Console.Error.WriteLine("Try 'ailas-kiosk --help'.");
    return ExitCodes.Usage;
}
// SIGTERM cancels the command's token; the daemon then needs time to stop its engines and unmount the cards
// (systemd's TimeoutStopSec is 30 s). System.CommandLine's default is to exit 2 s after the signal.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(28) });

static int Guarded(Func<int> command)
{
    try
    {
        return command();
    }
    catch (ConfigurationException e)
    {
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.Configuration;
    }
    catch (JournalException e)
    {
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.Configuration;
    }
    catch (KioskDiskFullException e)
    {
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.KioskDiskFull;
    }
}

static async Task<int> GuardedAsync(Func<Task<int>> command)
{
    try
    {
        return await command();
    }
    catch (ConfigurationException e)
    {
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.Configuration;
    }
    catch (JournalException e)
    {
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.Configuration;
    }
    catch (KioskDiskFullException e)
    {
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.KioskDiskFull;
    }
}

static async Task<int> WithHost(string? configFile, bool logToStandardError, Func<Microsoft.Extensions.Hosting.IHost, Task<int>> command)
{
    Microsoft.Extensions.Hosting.IHost host;
    try
    {
        host = KioskHost.Build(configFile, logToStandardError);
    }
    catch (ConfigurationException e)
    {
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.Configuration;
    }
    try
    {
        return await command(host);
    }
    catch (JournalException e)
    {
        // Opened with the engine: a journal of a newer release is refused before any card is touched.
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.Configuration;
    }
    catch (KioskDiskFullException e)
    {
        // No room for the journal (at its opening, or before the session's plan was recorded): nothing was wiped.
        Console.Error.WriteLine($"ailas-kiosk: {e.Message}");
        return ExitCodes.KioskDiskFull;
    }
}
