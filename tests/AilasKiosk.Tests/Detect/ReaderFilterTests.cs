using AilasKiosk.Cli;
using AilasKiosk.Configuration;
using AilasKiosk.Detect;

namespace AilasKiosk.Tests.Detect;

/// <summary>Cards:Readers: which readers a kiosk takes cards from, and what `doctor` says about the cards in them.</summary>
public class ReaderFilterTests
{
    private static BlockDevice Card(string name, string reader) => new(name, "/dev/" + name, name, "8:1", 1 << 30, reader.StartsWith("loop:"), "1", reader);

    private static ReaderFilter Filter(params string[] patterns) => new(new CardsOptions { Readers = [.. patterns] });

    [Theory]
    [InlineData("usb:1-1.3", true)]
    [InlineData("usb:1-1.3.2", true)] // a hub behind the hub's port 3 is still that port
    [InlineData("usb:1-1", false)]
    [InlineData("usb:2-1.3", false)]
    [InlineData("loop:/tmp/kiosk-a/card.img", false)]
    public void A_usb_pattern_takes_the_ports_it_names(string reader, bool taken)
    {
        Assert.Equal(taken, Filter("usb:1-1.3*").Takes(Card("sda1", reader)));
    }

    [Fact]
    public void No_pattern_takes_every_reader_and_a_star_runs_across_folders()
    {
        Assert.True(Filter().Takes(Card("sda1", "usb:2-1")));
        Assert.True(Filter().Takes(Card("sdb1", ""))); // even one sysfs could not place
        var kioskA = Filter("loop:/tmp/ailas-kiosk-a-*");
        Assert.True(kioskA.Takes(Card("loop3", "loop:/tmp/ailas-kiosk-a-0123456789abc/card.img")));
        Assert.False(kioskA.Takes(Card("loop4", "loop:/tmp/ailas-kiosk-b-0123456789abc/card.img")));
        Assert.False(kioskA.Takes(Card("loop5", "loop:/tmp/AILAS-KIOSK-A-0123456789abc/card.img"))); // case matters, as in paths
        Assert.False(kioskA.Takes(Card("sdb1", "")));
    }

    [Fact]
    public void Doctor_names_each_card_s_reader_and_says_which_are_left_alone()
    {
        var check = DoctorCommand.Readers([Card("sda1", "usb:1-1.3"), Card("sdb", "usb:2-1")], Filter("usb:1-1.*"));

        Assert.Equal(DoctorCommand.Verdict.Ok, check.Verdict);
        Assert.Equal("taking cards from readers usb:1-1.*; now: sda1 in usb:1-1.3, sdb in usb:2-1 (left alone: not in Cards:Readers)", check.Detail);
        Assert.Equal("taking cards from every reader; no card in a reader now", DoctorCommand.Readers([], Filter()).Detail);
    }

    [Fact]
    public void A_reader_name_from_a_hostile_image_path_is_printed_escaped()
    {
        var check = DoctorCommand.Readers([Card("loop0", "loop:/tmp/\u001b[2Jcard.img")], Filter());
        Assert.DoesNotContain('\u001b', check.Detail);
        Assert.Contains("\\u001b[2Jcard.img", check.Detail);
    }
}
