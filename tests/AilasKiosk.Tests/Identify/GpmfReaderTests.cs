using AilasKiosk.Inspect.Gpmf;
using static AilasKiosk.Tests.Identify.GpmfSamples;

namespace AilasKiosk.Tests.Identify;

public class GpmfReaderTests
{
    [Fact]
    public void The_real_HERO6_GPMF_is_one_DEVC_holding_a_STRM_with_the_camera_identity()
    {
        var entries = GpmfReader.Parse(RealGpmf());

        var devc = Assert.Single(entries);
        Assert.Equal("DEVC", devc.Key);
        Assert.True(devc.IsContainer);
        Assert.Equal(["DVID", "DVNM", "TICK", "STRM"], devc.Children.Select(e => e.Key));
        Assert.Equal("Photo Global Settings", devc.Children[1].ReadString());

        var strm = devc.Children[3];
        Assert.True(strm.IsContainer);
        Assert.Equal(
            ["TSMP", "TICK", "FMWR", "LINF", "CINF", "CASN", "MINF", "MUID", "CMOD", "MTYP", "OREN", "DZOM", "DZST", "SMTR",
             "PRTN", "PTWB", "PTSH", "PTCL", "EXPT", "PIMX", "PIMN", "PTEV", "RATE", "PRES", "PHDR", "PRAW", "HFLG"],
            strm.Children.Select(e => e.Key));
        Assert.All(strm.Children, e => Assert.False(e.IsContainer));
    }

    [Fact]
    public void The_real_CASN_MINF_and_FMWR_are_NUL_padded_char_strings()
    {
        var entries = GpmfReader.Parse(RealGpmf());

        var casn = entries.FindFirst("CASN")!;
        Assert.Equal(('c', 1, 15), (casn.Type, casn.StructSize, casn.Repeat)); // 14 characters and a NUL
        Assert.Equal("C3221324657219", casn.ReadString());

        var minf = entries.FindFirst("MINF")!;
        Assert.Equal(('c', 1, 30), (minf.Type, minf.StructSize, minf.Repeat)); // padded with NULs to 30
        Assert.Equal("HERO6 Black", minf.ReadString());

        Assert.Equal("HD6.01.01.51.00", entries.FindFirst("FMWR")!.ReadString());
    }

    [Fact]
    public void Numbers_keep_their_struct_size_and_repeat_and_payloads_exclude_padding()
    {
        var entries = GpmfReader.Parse(RealGpmf());

        var muid = entries.FindFirst("MUID")!;
        Assert.Equal(('L', 4, 8, 32), (muid.Type, muid.StructSize, muid.Repeat, muid.Payload.Length));
        var cmod = entries.FindFirst("CMOD")!;
        Assert.Equal(('B', 1, 1), (cmod.Type, cmod.StructSize, cmod.Repeat));
        Assert.Equal([17], cmod.Payload.ToArray()); // 17: JPEG photo
        Assert.Null(cmod.ReadString());             // not a string type
    }

    [Fact]
    public void Span_and_memory_overloads_agree_and_memory_payloads_are_slices_not_copies()
    {
        byte[] gpmf = RealGpmf();

        var fromSpan = GpmfReader.Parse(gpmf.AsSpan());
        var fromMemory = GpmfReader.Parse(gpmf.AsMemory());

        Assert.Equal(Flatten(fromSpan), Flatten(fromMemory));
        gpmf[gpmf.AsSpan().IndexOf("C3221324657219"u8)] = (byte)'X';
        Assert.Equal("X3221324657219", fromMemory.FindFirst("CASN")!.ReadString()); // sees the change: a slice
        Assert.Equal("C3221324657219", fromSpan.FindFirst("CASN")!.ReadString());   // its own copy
    }

    [Fact]
    public void FindAll_walks_the_tree_in_document_order()
    {
        byte[] data = [.. Nest("DEVC", Text("NAME", "a"), Nest("STRM", Text("NAME", "b")), Text("NAME", "c")), .. Text("NAME", "d")];

        var entries = GpmfReader.Parse(data);

        Assert.Equal(["a", "b", "c", "d"], entries.FindAll("NAME").Select(e => e.ReadString()));
        Assert.Null(entries.FindFirst("CASN"));
    }

    [Theory]
    [InlineData("C3221324657219\0\0", "C3221324657219")]
    [InlineData("  HERO6 Black  \0", "HERO6 Black")]
    [InlineData("AUTO\0junk", "AUTO")] // a C string ends at its NUL
    [InlineData("\0\0\0\0\0\0\0\0", "")] // GoPro.jpg's EXPT
    [InlineData("", "")]
    public void Strings_end_at_the_first_NUL_and_lose_surrounding_spaces(string raw, string expected)
    {
        var entry = Assert.Single(GpmfReader.Parse(Text("TEXT", raw)));
        Assert.Equal(expected, entry.ReadString());
    }

    [Fact]
    public void Padding_cut_short_by_the_end_of_the_data_is_tolerated()
    {
        byte[] data = Text("PRES", "12MP_W")[..14]; // 8 + 6 bytes: the 2 padding bytes are missing

        var entry = Assert.Single(GpmfReader.Parse(data));

        Assert.Equal("12MP_W", entry.ReadString());
    }

    [Fact]
    public void Empty_data_is_an_empty_tree()
    {
        var result = GpmfReader.ParseLenient(ReadOnlyMemory<byte>.Empty);

        Assert.True(result.IsComplete);
        Assert.Empty(result.Entries);
        Assert.Empty(GpmfReader.Parse(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Containers_may_nest_MaxDepth_deep()
    {
        byte[] data = Text("LEAF", "x");
        for (int i = 0; i < GpmfReader.MaxDepth; i++)
            data = Nest("DEVC", data);

        var entries = GpmfReader.Parse(data);

        Assert.Equal("x", entries.FindFirst("LEAF")!.ReadString());
    }

    // Every entry as key/type/size/repeat/payload, depth first.
    private static List<string> Flatten(IReadOnlyList<GpmfEntry> entries) =>
        entries.SelectMany(e => Flatten(e.Children).Prepend($"{e.Key} {(int)e.Type} {e.StructSize}×{e.Repeat} {Convert.ToHexString(e.Payload.Span)}")).ToList();
}
