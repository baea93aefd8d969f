using AilasKiosk.Crew.Screens;

namespace AilasKiosk.Tests.Display;

public class MonoFrameTests
{
    [Fact]
    public void A_pixel_is_one_bit_of_the_controller_page_byte_lsb_at_top()
    {
        var frame = new MonoFrame();
        frame.SetPixel(3, 10);
        Assert.Equal(1 << 2, frame.Bytes[1 * 128 + 3]);
        Assert.Equal(1 << 2, frame.Page(1)[3]);
        Assert.True(frame.GetPixel(3, 10));
        Assert.Equal(1, frame.Bytes.ToArray().Count(b => b != 0));
        frame.SetPixel(3, 10, false);
        Assert.True(frame.Bytes.ToArray().All(b => b == 0));
    }

    [Fact]
    public void Drawing_outside_the_frame_is_clipped()
    {
        var frame = new MonoFrame();
        frame.SetPixel(-1, 0);
        frame.SetPixel(128, 64);
        Assert.False(frame.GetPixel(-1, 0));
        Assert.True(frame.Bytes.ToArray().All(b => b == 0));

        frame.FillRect(-10, -10, 20, 20);
        Assert.Equal(100, CountLit(frame));
        frame.HLine(120, 63, 100);
        Assert.Equal(108, CountLit(frame));
        frame.FillRect(0, 0, int.MaxValue, int.MaxValue);
        Assert.Equal(128 * 64, CountLit(frame));
    }

    [Fact]
    public void Rect_invert_and_clear()
    {
        var frame = new MonoFrame();
        frame.DrawRect(10, 10, 5, 4);
        Assert.Equal(2 * 5 + 2 * 2, CountLit(frame));
        Assert.True(frame.GetPixel(10, 10) && frame.GetPixel(14, 13) && !frame.GetPixel(11, 11));

        frame.Invert(10, 10, 5, 4);
        Assert.Equal(6, CountLit(frame));
        Assert.True(frame.GetPixel(11, 11));

        frame.Clear(on: true);
        Assert.Equal(128 * 64, CountLit(frame));
        frame.Clear();
        Assert.Equal(0, CountLit(frame));
    }

    [Fact]
    public void Clone_is_independent()
    {
        var frame = Frames.Pattern();
        var copy = frame.Clone();
        Assert.True(copy.ContentEquals(frame));
        copy.Invert(0, 0, 1, 1);
        Assert.False(copy.ContentEquals(frame));
    }

    internal static int CountLit(MonoFrame frame)
    {
        var lit = 0;
        for (var y = 0; y < MonoFrame.Height; y++)
            for (var x = 0; x < MonoFrame.Width; x++)
                if (frame.GetPixel(x, y)) lit++;
        return lit;
    }
}
