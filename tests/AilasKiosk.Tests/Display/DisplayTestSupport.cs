using System.Device.I2c;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Devices.Oled;
using AilasKiosk.Simulation;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Tests.Display;

/// <summary>A clock that moves only when told to.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => _ticks;
    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(_ticks);
    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}

internal sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));
}

/// <summary>A bus whose writes go nowhere: what a driver itself costs, without the emulator's decoding.</summary>
internal sealed class NullI2cDevice : I2cDevice
{
    public long Writes { get; private set; }
    public long LongestWrite { get; private set; }
    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, Ssd1306.DefaultAddress);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Writes++;
        LongestWrite = Math.Max(LongestWrite, buffer.Length);
    }

    public override void Read(Span<byte> buffer) => buffer.Clear();

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => readBuffer.Clear();
}

/// <summary>
/// The bus to a panel that can be unplugged: while failing, every call throws IOException like i2c-dev does on
/// a missing ACK. <see cref="Panel"/> can be replaced to model a reseated module that lost its RAM.
/// </summary>
internal sealed class FlakyI2cDevice(OledEmulator panel) : I2cDevice
{
    public OledEmulator Panel { get; set; } = panel;
    public int FailuresLeft { get; set; }
    public bool Unplugged { get; set; }
    public int Calls { get; private set; }

    /// <summary>Runs before each call has reached the panel; may throw to fail that call.</summary>
    public Action? BeforeCall { get; set; }

    public override I2cConnectionSettings ConnectionSettings => Panel.ConnectionSettings;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Fault();
        Panel.Write(buffer);
    }

    public override void Read(Span<byte> buffer)
    {
        Fault();
        Panel.Read(buffer);
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Fault();
        Panel.WriteRead(writeBuffer, readBuffer);
    }

    private void Fault()
    {
        Calls++;
        BeforeCall?.Invoke();
        if (Unplugged) throw new IOException("Error 121 performing I2C data transfer.");
        if (FailuresLeft <= 0) return;
        FailuresLeft--;
        throw new IOException("Error 121 performing I2C data transfer.");
    }
}

internal static class Frames
{
    /// <summary>A pattern that differs in every page and column, so any offset or order mistake shows.</summary>
    public static MonoFrame Pattern(int seed = 7)
    {
        var frame = new MonoFrame();
        var random = new Random(seed);
        for (var y = 0; y < MonoFrame.Height; y++)
            for (var x = 0; x < MonoFrame.Width; x++)
                frame.SetPixel(x, y, random.Next(2) == 1);
        frame.SetPixel(0, 0);
        frame.SetPixel(MonoFrame.Width - 1, MonoFrame.Height - 1);
        return frame;
    }

    /// <summary>The sample status screen: the camera label large, a line of detail and a progress bar.</summary>
    public static MonoFrame SampleScreen()
    {
        var frame = new MonoFrame();
        TextRenderer.Draw(frame, 0, 0, "Uploading → S3");
        frame.HLine(0, 10, MonoFrame.Width);
        var label = "AILAS-07";
        var (width, _) = TextRenderer.Measure(label, 3, gap: 1);
        TextRenderer.Draw(frame, (MonoFrame.Width - width) / 2, 16, label, 3, gap: 1);
        TextRenderer.Draw(frame, 0, 42, "412/731 files  56%");
        frame.DrawRect(0, 53, MonoFrame.Width, 11);
        frame.FillRect(2, 55, (MonoFrame.Width - 4) * 56 / 100, 7);
        return frame;
    }

    public static IOledController Controller(OledControllerKind kind, System.Device.I2c.I2cDevice device, int chunkSize = PanelMirror.DefaultChunkSize) =>
        kind == OledControllerKind.Sh1106
            ? new Sh1106(device, chunkSize: chunkSize)
            : new Ssd1306(device, chunkSize: chunkSize);
}
