using System.Device.I2c;
using AilasKiosk.Configuration;
using AilasKiosk.Crew;
using AilasKiosk.Crew.Leds;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Devices.Gpio;
using AilasKiosk.Devices.Oled;
using AilasKiosk.Simulation;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Hosting;

/// <summary>The crew's LEDs and display, real or simulated.</summary>
internal sealed record CrewDevices(ILedOutput Leds, IFrameOutput Display, bool Simulated);

/// <summary>
/// Chooses the crew's LEDs and display: the real ones, or the terminal simulation when Hardware:Simulated is set
/// or no GPIO chip exists (a development machine, CI) — said in one log line. A missing display alone is no
/// reason to simulate: the LEDs still work, and <see cref="ResilientDisplay"/> retries the panel.
/// </summary>
internal static class CrewHardware
{
    public static CrewDevices Create(KioskOptions options, TimeProvider time, ILoggerFactory loggers, TextWriter terminal)
    {
        var log = loggers.CreateLogger(typeof(CrewHardware));
        var hardware = options.Hardware;
        var simulate = hardware.Simulated;
        if (!simulate && GpioChips.Present().Count == 0)
        {
            log.LogWarning("No GPIO chip on this machine: LEDs and display are simulated on the terminal");
            simulate = true;
        }
        if (simulate)
        {
            var frames = hardware.FramesDirectory.Length > 0 ? hardware.FramesDirectory : Path.Combine(options.State.Directory, "frames");
            log.LogInformation("Simulated hardware: LEDs in the log, display on the terminal and as PNG in {Frames}", frames);
            return new CrewDevices(new SimulatedLeds(), new SimulatedFrameOutput(terminal, frames, time), Simulated: true);
        }

        ILedOutput leds;
        try
        {
            leds = new GpioLeds(GpioChips.Open(hardware.Leds.Chip), hardware.Leds.Green, hardware.Leds.Amber, hardware.Leds.Red, hardware.Leds.ActiveLow);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or DllNotFoundException)
        {
            // The LEDs are the crew's main signal, but the data matters more: keep offloading, say why in the log.
            log.LogError("Status LEDs unavailable: {Error}. Check wiring and Hardware:Leds, then `ailas-kiosk leds test`", e.Message);
            leds = new SimulatedLeds();
        }
        return new CrewDevices(leds, CreateDisplay(hardware.Display, time, loggers), Simulated: false);
    }

    private static IFrameOutput CreateDisplay(DisplayOptions display, TimeProvider time, ILoggerFactory loggers)
    {
        if (display.Controller == "none")
            return new NoFrameOutput();
        IOledController panel = new LazyPanel(display);
        return new OledFrameOutput(new ResilientDisplay(panel, TimeSpan.FromSeconds(30), time, loggers.CreateLogger<ResilientDisplay>()));
    }

    /// <summary>Opens the I2C device on first use, so a bus that is missing at start is retried like a loose cable.</summary>
    private sealed class LazyPanel(DisplayOptions display) : IOledController
    {
        private IOledController? _panel;

        private IOledController Panel => _panel ??= Open();

        private IOledController Open()
        {
            var device = I2cDevice.Create(new I2cConnectionSettings(display.Bus, display.Address));
            return display.Controller == "sh1106" ? new Sh1106(device) : new Ssd1306(device);
        }

        public void Initialize() => Panel.Initialize();
        public void Show(MonoFrame frame) => Panel.Show(frame);
        public void SetContrast(byte contrast) => Panel.SetContrast(contrast);
        public void SetInverted(bool inverted) => Panel.SetInverted(inverted);
        public void PowerOff() => Panel.PowerOff();
        public void PowerOn() => Panel.PowerOn();

        public void Dispose()
        {
            _panel?.Dispose();
            _panel = null;
        }
    }
}
