using System.Device.Gpio;
using AilasKiosk.Crew.Leds;

namespace AilasKiosk.Devices.Gpio;

/// <summary>
/// The three LEDs on GPIO lines. Active-low wiring (LED between 3.3 V and the pin) inverts the level. Pins are
/// opened as outputs, dark, at construction and left dark when disposed: a stopped kiosk shows no stale signal.
/// </summary>
internal sealed class GpioLeds : ILedOutput
{
    private readonly GpioController _controller;
    private readonly IReadOnlyDictionary<LedColor, int> _pins;
    private readonly bool _activeLow;

    public GpioLeds(GpioController controller, int green, int amber, int red, bool activeLow)
    {
        _controller = controller;
        _activeLow = activeLow;
        _pins = new Dictionary<LedColor, int> { [LedColor.Green] = green, [LedColor.Amber] = amber, [LedColor.Red] = red };
        foreach (var pin in _pins.Values)
            _controller.OpenPin(pin, PinMode.Output, Level(false));
    }

    public void Light(LedColor color, bool lit) => _controller.Write(_pins[color], Level(lit));

    private PinValue Level(bool lit) => lit ^ _activeLow ? PinValue.High : PinValue.Low;

    public void Dispose()
    {
        foreach (var pin in _pins.Values)
        {
            _controller.Write(pin, Level(false));
            _controller.ClosePin(pin);
        }
        _controller.Dispose();
    }
}
