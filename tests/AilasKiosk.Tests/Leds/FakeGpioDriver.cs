using System.Device.Gpio;

namespace AilasKiosk.Tests.Leds;

/// <summary>
/// A GPIO driver without a chip: it records every pin opened, its mode and each level written, stamped with the
/// (fake) time of the write — the boundary where real GPIO cannot exist here.
/// </summary>
public sealed class FakeGpioDriver(TimeProvider time) : GpioDriver
{
    public sealed record Edge(int Pin, PinValue Value, DateTimeOffset At);

    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly List<Edge> _writes = [];

    public IReadOnlyList<Edge> Writes
    {
        get { lock (_writes) return _writes.ToList(); }
    }

    public IReadOnlyCollection<int> OpenPins
    {
        get { lock (_writes) return _modes.Keys.ToList(); }
    }

    public PinValue Level(int pin)
    {
        lock (_writes) return _levels.GetValueOrDefault(pin, PinValue.Low);
    }

    protected override int PinCount => 54;

    protected override void OpenPin(int pinNumber)
    {
        lock (_writes) _modes[pinNumber] = PinMode.Input;
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_writes) _modes.Remove(pinNumber);
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_writes) _modes[pinNumber] = mode;
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_writes) return _modes[pinNumber];
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => mode is PinMode.Output or PinMode.Input;

    protected override PinValue Read(int pinNumber) => Level(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_writes)
        {
            if (!_modes.ContainsKey(pinNumber))
                throw new InvalidOperationException($"pin {pinNumber} written while not open");
            _levels[pinNumber] = value;
            _writes.Add(new Edge(pinNumber, value, time.GetUtcNow()));
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("LEDs are outputs");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("LEDs are outputs");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("LEDs are outputs");

    public override GpioChipInfo GetChipInfo() => new(0, "gpiochip0", "pinctrl-bcm2711", PinCount);
}
