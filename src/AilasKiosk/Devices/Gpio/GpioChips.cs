using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Runtime.InteropServices;

namespace AilasKiosk.Devices.Gpio;

/// <summary>
/// Opens the GPIO chip with an explicitly chosen driver. `new GpioController()` guesses, and on a Pi 5 or a newer
/// image it guesses wrong or crashes (libgpiod v1 vs v2, chips renumbered: DESIGN.md §7). Here: libgpiod v2 if its
/// library is installed, else v1; the chip by configured number or label, else the one labelled like a Pi's.
/// </summary>
internal static class GpioChips
{
    /// <summary>The header's GPIO block: Pi 4 (bcm2711), Pi 3 and earlier (bcm2835), Pi 5 (rp1).</summary>
    public static readonly IReadOnlyList<string> RaspberryPiLabels = ["pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835"];

    public static IReadOnlyList<int> Present() => Directory.Exists("/dev")
        ? Directory.EnumerateFileSystemEntries("/dev", "gpiochip*")
            .Select(p => int.TryParse(Path.GetFileName(p)["gpiochip".Length..], out var n) ? n : -1)
            .Where(n => n >= 0).Order().ToList()
        : [];

    /// <summary>Which libgpiod is installed: v2 is libgpiod.so.3, v1 libgpiod.so.2.</summary>
    public static int? LibgpiodMajor() =>
        NativeLibrary.TryLoad("libgpiod.so.3", out _) ? 2 : NativeLibrary.TryLoad("libgpiod.so.2", out _) ? 1 : null;

    /// <exception cref="InvalidOperationException">No chip, no libgpiod, or the configured chip is absent — in words.</exception>
    public static GpioController Open(string chip)
    {
        var chips = Present();
        if (chips.Count == 0)
            throw new InvalidOperationException("no /dev/gpiochip* on this machine");
        var major = LibgpiodMajor() ?? throw new InvalidOperationException("libgpiod is not installed (apt install libgpiod2 or libgpiod3)");
        GpioDriver Driver(int number) => major == 2 ? new LibGpiodV2Driver(number) : new LibGpiodDriver(number);

        if (int.TryParse(chip, out var wanted))
            return chips.Contains(wanted) ? new GpioController(Driver(wanted))
                : throw new InvalidOperationException($"/dev/gpiochip{wanted} does not exist (present: {string.Join(", ", chips)})");
        var labels = chip.Length > 0 ? [chip] : RaspberryPiLabels;
        foreach (var number in chips)
        {
            var driver = Driver(number);
            if (labels.Contains(driver.GetChipInfo().Label, StringComparer.Ordinal))
                return new GpioController(driver);
            driver.Dispose();
        }
        throw new InvalidOperationException($"no GPIO chip labelled {string.Join(" or ", labels)}; set Hardware:Leds:Chip to its number");
    }
}
