using System.Net.NetworkInformation;
using System.Net.Sockets;
using AilasKiosk.Crew.Leds;
using AilasKiosk.Crew.Screens;
using AilasKiosk.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AilasKiosk.Crew;

/// <summary>
/// Drives the LEDs and the display from the status model: on every change (at most 5 times a second) and every
/// second (ETA, burn-in shift), the most urgent slot's signal goes to the LEDs and its screen to the display,
/// sent only when the picture changed. The signal is also logged, so the journal says what the crew saw.
/// </summary>
internal sealed class CrewInterface(KioskStatus status, LedPlayer leds, IFrameOutput display, TimeProvider time, ILogger<CrewInterface> log)
    : BackgroundService
{
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AddressRefresh = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _changed = new(0);
    private readonly BurnInGuard _burnIn = new(time);
    private MonoFrame? _shown;
    private LedSignal? _signal;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var blinking = leds.RunAsync(stoppingToken);
        status.Changed += OnChanged;
        var addressCheckedAt = long.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (addressCheckedAt == long.MinValue || time.GetElapsedTime(addressCheckedAt) > AddressRefresh)
                {
                    status.SetIpAddress(LocalAddress());
                    addressCheckedAt = time.GetTimestamp();
                }
                Present(status.Current);
                await Task.Delay(MinimumGap, time, stoppingToken);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(_changed.WaitAsync(either.Token), Task.Delay(Refresh - MinimumGap, time, either.Token));
                await either.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            status.Changed -= OnChanged;
            await blinking;
        }
    }

    /// <summary>One look at the snapshot: LEDs and display brought in line with it.</summary>
    public void Present(KioskSnapshot snapshot)
    {
        var signal = CrewView.SignalFor(snapshot);
        if (signal != _signal)
        {
            var pattern = LedPatterns.For(signal);
            log.LogInformation("LEDs: {Signal} ({Meaning}) — green {Green} amber {Amber} red {Red}",
                signal, pattern.Meaning, pattern.Green, pattern.Amber, pattern.Red);
            _signal = signal;
        }
        leds.Play(signal);

        var screen = CrewView.ScreenFor(snapshot);
        var frame = ScreenRenderer.Render(screen, screen is ScreenState.Idle ? _burnIn.Offset : default);
        if (_shown is not null && frame.ContentEquals(_shown))
            return;
        display.Show(frame, screen);
        _shown = frame;
    }

    private void OnChanged(KioskSnapshot _)
    {
        if (_changed.CurrentCount == 0)
            _changed.Release();
    }

    /// <summary>The address a maintainer SSHes to: the first IPv4 of an interface that is up, not loopback.</summary>
    public static string? LocalAddress()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(a => a.Address.ToString()).FirstOrDefault();
        }
        catch (NetworkInformationException)
        {
            return null;
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        leds.Dispose();
        display.Dispose();
        base.Dispose();
    }
}
