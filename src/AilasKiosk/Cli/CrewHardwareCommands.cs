using AilasKiosk.Configuration;
using AilasKiosk.Crew.Leds;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Devices.Oled;
using AilasKiosk.Hosting;
using AilasKiosk.Simulation;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Extensions.Logging;

namespace AilasKiosk.Cli;

/// <summary>
/// `ailas-kiosk leds test`, `display test`, `display render --out DIR`: the crew's hardware checked by a maintainer,
/// on the kiosk (real GPIO and I2C) or anywhere (simulated). They read only the Hardware and State settings, so
/// they work before storage is configured. Stop the service first on a kiosk: two programs cannot drive one LED.
/// </summary>
internal static class CrewHardwareCommands
{
    public static async Task<int> LedsTestAsync(string? configFile, double secondsPerSignal, CancellationToken cancellationToken)
    {
        var (options, loggers) = Load(configFile);
        using var _ = loggers;
        var devices = CrewHardware.Create(options, TimeProvider.System, loggers, Console.Out);
        devices.Display.Dispose();
        var pins = options.Hardware.Leds;
        try
        {
            foreach (var (color, pin) in new[] { (LedColor.Green, pins.Green), (LedColor.Amber, pins.Amber), (LedColor.Red, pins.Red) })
            {
                Console.Out.WriteLine($"{color,-5} alone{(devices.Simulated ? " (simulated)" : $" — GPIO line {pin}{(pins.ActiveLow ? ", active low" : "")}")}");
                devices.Leds.Light(color, true);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(secondsPerSignal, 1.5)), cancellationToken);
                devices.Leds.Light(color, false);
            }
            using var player = new LedPlayer(devices.Leds, TimeProvider.System);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var running = player.RunAsync(stop.Token);
            foreach (var pattern in LedPatterns.All.Where(p => p.Signal != LedSignal.Off))
            {
                Console.Out.WriteLine($"{pattern.Signal,-27} green {pattern.Green}  amber {pattern.Amber}  red {pattern.Red}  — {pattern.Meaning}");
                player.Play(pattern.Signal);
                await Task.Delay(TimeSpan.FromSeconds(secondsPerSignal), cancellationToken);
            }
            await stop.CancelAsync();
            await running;
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            devices.Leds.Dispose();
            return ExitCodes.Interrupted;
        }
    }

    public static async Task<int> DisplayTestAsync(string? configFile, double secondsPerScreen, CancellationToken cancellationToken)
    {
        var (options, loggers) = Load(configFile);
        using var _ = loggers;
        var devices = CrewHardware.Create(options, TimeProvider.System, loggers, Console.Out);
        devices.Leds.Dispose();
        using var display = devices.Display;
        try
        {
            Console.Out.WriteLine($"test pattern: a border and a checkerboard — every pixel of a {MonoFrame.Width}×{MonoFrame.Height} panel must light");
            display.Show(TestPattern(), new ScreenState.Idle(null, true, null));
            await Task.Delay(TimeSpan.FromSeconds(secondsPerScreen), cancellationToken);
            foreach (var (name, state) in SampleScreens.All)
            {
                Console.Out.WriteLine(name);
                display.Show(ScreenRenderer.Render(state), state);
                await Task.Delay(TimeSpan.FromSeconds(secondsPerScreen), cancellationToken);
            }
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>
    /// Every screen as PNG (4 pixels per pixel), as the glass shows it: through the SSD1306 driver into the
    /// controller emulator, no hardware involved.
    /// </summary>
    public static int Render(string outDirectory)
    {
        Directory.CreateDirectory(outDirectory);
        var glass = new OledEmulator();
        using var driver = new Ssd1306(glass);
        driver.Initialize();
        foreach (var (name, state) in SampleScreens.All)
        {
            var path = Path.Combine(outDirectory, name + ".png");
            driver.Show(ScreenRenderer.Render(state));
            using (var file = File.Create(path))
                PngWriter.Write(glass.Visible, file, scale: 4);
            Console.Out.WriteLine(path);
        }
        return ExitCodes.Ok;
    }

    public static MonoFrame TestPattern()
    {
        var frame = new MonoFrame();
        for (var y = 2; y < MonoFrame.Height - 2; y++)
            for (var x = 2; x < MonoFrame.Width - 2; x++)
                frame.SetPixel(x, y, ((x >> 2) + (y >> 2)) % 2 == 0);
        frame.DrawRect(0, 0, MonoFrame.Width, MonoFrame.Height);
        return frame;
    }

    private static (KioskOptions Options, SerilogLoggerFactory Loggers) Load(string? configFile)
    {
        var root = KioskConfiguration.BuildRoot(configFile);
        var options = new KioskOptions();
        root.GetSection("Hardware").Bind(options.Hardware);
        root.GetSection("State").Bind(options.State);
        HardwareOptions.Validate(options.Hardware);
        var serilog = new LoggerConfiguration().WriteTo.Console(outputTemplate: "{Level:u3} {Message:lj}{NewLine}").CreateLogger();
        return (options, new SerilogLoggerFactory(serilog, dispose: true));
    }
}
