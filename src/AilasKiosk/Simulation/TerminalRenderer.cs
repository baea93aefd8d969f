using System.Text;
using AilasKiosk.Crew.Screens;

namespace AilasKiosk.Simulation;

/// <summary>
/// Renders a frame for a terminal: each character cell holds two pixel rows (▀ upper, ▄ lower, █ both), so
/// 128×64 pixels become 32 lines of 128 characters — the terminal simulation of the kiosk.
/// </summary>
internal static class TerminalRenderer
{
    public const int Lines = MonoFrame.Height / 2;

    public static string Render(MonoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var text = new StringBuilder(Lines * (MonoFrame.Width + 1));
        for (var line = 0; line < Lines; line++)
        {
            for (var x = 0; x < MonoFrame.Width; x++)
            {
                var upper = frame.GetPixel(x, line * 2);
                var lower = frame.GetPixel(x, line * 2 + 1);
                text.Append((upper, lower) switch
                {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    _ => ' ',
                });
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
