using System.Diagnostics;
using AilasKiosk.Inspect.Gpmf;
using static AilasKiosk.Tests.Identify.GpmfSamples;

namespace AilasKiosk.Tests.Identify;

/// <summary>
/// GPMF from an untrusted card: whatever the bytes, the reader throws only GpmfFormatException (ParseLenient
/// nothing at all), reads only inside the data, and allocates by what is there, never by what headers claim.
/// </summary>
public class GpmfReaderHostileTests
{
    [Fact]
    public void Every_truncation_of_the_real_GPMF_is_a_format_error_never_anything_else()
    {
        byte[] gpmf = RealGpmf();
        for (int length = 0; length <= gpmf.Length; length++)
        {
            var data = gpmf.AsMemory(0, length);
            var result = GpmfReader.ParseLenient(data);

            bool whole = length == 0 || length == gpmf.Length;
            Assert.Equal(whole, result.IsComplete);
            if (!whole)
            {
                Assert.Throws<GpmfFormatException>(() => GpmfReader.Parse(data));
                Assert.Empty(result.Entries); // the DEVC claims 552 bytes: nothing in it can be trusted whole
            }
        }
    }

    [Fact]
    public void Truncating_inside_a_well_formed_container_keeps_what_came_before()
    {
        // A DEVC whose own length is honest but whose last child claims past the container's end.
        byte[] casn = Text("CASN", "C3221324657219");
        byte[] inner = [.. casn, .. Text("MINF", "HERO6 Black")];
        byte[] devc = Nest("DEVC", inner[..^4]);

        var result = GpmfReader.ParseLenient(devc);

        Assert.False(result.IsComplete);
        Assert.Equal("C3221324657219", result.Entries.FindFirst("CASN")!.ReadString());
        Assert.Null(result.Entries.FindFirst("MINF"));
        Assert.Equal(8 + casn.Length, result.Error!.Offset); // the MINF header, inside the DEVC
    }

    [Fact]
    public void Every_single_byte_corruption_of_the_real_GPMF_parses_or_fails_cleanly()
    {
        byte[] gpmf = RealGpmf();
        byte[] values = [0x00, 0x01, 0x0A, 0x20, 0x41, 0x7F, 0x80, 0xFF];
        for (int position = 0; position < gpmf.Length; position++)
            foreach (byte value in values)
            {
                byte[] mutated = (byte[])gpmf.Clone();
                mutated[position] = value;
                AssertParsesOrFailsCleanly(mutated);
            }
    }

    [Fact]
    public void Random_bytes_parse_or_fail_cleanly()
    {
        for (int seed = 0; seed < 3000; seed++)
        {
            var random = new Random(seed);
            byte[] data = new byte[random.Next(0, 600)];
            random.NextBytes(data);
            if (seed % 2 == 0 && data.Length >= 8)
                "DEVC"u8.CopyTo(data); // get past the key check half the time
            AssertParsesOrFailsCleanly(data);
        }
    }

    [Theory]
    [InlineData(0)]     // a container
    [InlineData((byte)'B')]
    [InlineData((byte)'c')]
    public void A_255_by_65535_claim_on_100_bytes_fails_at_once_without_allocating_the_claim(byte type)
    {
        byte[] data = new byte[100];
        Klv("DEVC", type, 255, 65535, []).CopyTo(data, 0);
        GpmfReader.ParseLenient(data); // warm up the JIT so the measures below see only the parse

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = GpmfReader.ParseLenient(data);
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.False(result.IsComplete);
        Assert.Empty(result.Entries);
        Assert.Equal(0, result.Error!.Offset);
        Assert.Contains("16711425", result.Error.Message); // 255 × 65535, reported, not allocated
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes");
        Assert.True(clock.ElapsedMilliseconds < 1000, $"took {clock.ElapsedMilliseconds} ms");
        Assert.Throws<GpmfFormatException>(() => GpmfReader.Parse(data));
    }

    [Fact]
    public void Claims_one_byte_past_the_data_fail_and_claims_that_fit_pass()
    {
        foreach (int size in new[] { 0, 1, 2, 3, 4, 7, 255 })
            foreach (int repeat in new[] { 0, 1, 2, 3, 255, 256, 65535 })
            {
                int length = size * repeat;
                if (length > 70_000) continue;
                byte[] exact = Klv("TEST", (byte)'B', size, repeat, new byte[length]);
                Assert.True(GpmfReader.ParseLenient(exact).IsComplete, $"{size}×{repeat}");

                if (length == 0) continue;
                byte[] shortByOne = exact[..(8 + length - 1)];
                Assert.Throws<GpmfFormatException>(() => GpmfReader.Parse(shortByOne));
            }
    }

    [Fact]
    public void Nesting_a_thousand_deep_stops_at_MaxDepth_without_recursion()
    {
        const int levels = 1000;
        byte[] data = new byte[levels * 8 + 12]; // 1000 container headers, then one 'c' KLV
        for (int level = 0; level < levels; level++)
            Klv("DEVC", 0, 1, data.Length - 8 * (level + 1), []).AsSpan(0, 8).CopyTo(data.AsSpan(8 * level));
        Text("LEAF", "x").CopyTo(data, levels * 8);

        var result = GpmfReader.ParseLenient(data);

        Assert.False(result.IsComplete);
        Assert.Equal(8 * GpmfReader.MaxDepth, result.Error!.Offset); // the first container too deep
        Assert.Contains("deep", result.Error.Message);
        Assert.Equal(GpmfReader.MaxDepth, result.Entries.FindAll("DEVC").Count());
        Assert.Throws<GpmfFormatException>(() => GpmfReader.Parse(data));
    }

    [Fact]
    public void One_level_past_MaxDepth_is_an_error()
    {
        byte[] data = Text("LEAF", "x");
        for (int i = 0; i <= GpmfReader.MaxDepth; i++)
            data = Nest("DEVC", data);

        Assert.Throws<GpmfFormatException>(() => GpmfReader.Parse(data));
    }

    [Theory]
    [InlineData("CA\nN")]
    [InlineData("\0\0\0\0")]   // zero padding read as a key
    [InlineData("CAS\u007F")]  // DEL
    [InlineData("CAS\u00E9")]  // not ASCII
    [InlineData("\u001B[2J")]  // a terminal escape
    public void A_key_that_is_not_printable_ASCII_is_an_error_and_what_came_before_is_kept(string key)
    {
        byte[] data = [.. Text("CASN", "C3221324657219"), .. Text(key, "x")];

        var result = GpmfReader.ParseLenient(data);

        Assert.False(result.IsComplete);
        Assert.Equal(24, result.Error!.Offset);
        Assert.Equal("C3221324657219", Assert.Single(result.Entries).ReadString());
        Assert.Throws<GpmfFormatException>(() => GpmfReader.Parse(data));
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x7F)]
    [InlineData(0xC3)]
    public void A_type_byte_that_is_neither_0_nor_printable_is_an_error(byte type)
    {
        Assert.Throws<GpmfFormatException>(() => GpmfReader.Parse(Klv("TEST", type, 1, 1, [1])));
    }

    [Fact]
    public void Zero_length_and_short_data_are_handled()
    {
        Assert.Empty(GpmfReader.Parse([]));
        for (int length = 1; length < GpmfReader.HeaderSize; length++)
            Assert.Throws<GpmfFormatException>(() => GpmfReader.Parse(new byte[length]));
    }

    [Fact]
    public void More_than_MaxEntries_is_an_error()
    {
        byte[] entry = Klv("NONE", (byte)'B', 0, 0, []); // 8 bytes, empty payload
        byte[] atLimit = [.. Enumerable.Repeat(entry, GpmfReader.MaxEntries).SelectMany(e => e)];
        byte[] overLimit = [.. atLimit, .. entry];

        Assert.Equal(GpmfReader.MaxEntries, GpmfReader.Parse(atLimit).Count);
        var result = GpmfReader.ParseLenient(overLimit);
        Assert.False(result.IsComplete);
        Assert.Equal(GpmfReader.MaxEntries * 8, result.Error!.Offset);
    }

    [Fact]
    public void A_64KB_run_of_zeros_is_an_error_at_the_first_key()
    {
        var result = GpmfReader.ParseLenient(new byte[65527]);

        Assert.Equal(0, result.Error!.Offset);
        Assert.Empty(result.Entries);
    }

    // Lenient parsing never throws; strict parsing throws GpmfFormatException exactly when lenient reports an
    // error; every entry is whole (payloads are slices, so they lie inside the data) with a printable key.
    private static void AssertParsesOrFailsCleanly(byte[] data)
    {
        var result = GpmfReader.ParseLenient(data);
        foreach (var entry in result.Entries.SelectMany(Descendants))
        {
            Assert.True(entry.Payload.Length == entry.StructSize * entry.Repeat);
            Assert.True(entry.Key.All(c => c is >= ' ' and <= '~'), entry.Key);
        }
        if (result.IsComplete)
            GpmfReader.Parse(data);
        else
            Assert.Throws<GpmfFormatException>(() => GpmfReader.Parse(data));
    }

    private static IEnumerable<GpmfEntry> Descendants(GpmfEntry entry) => entry.Children.SelectMany(Descendants).Prepend(entry);
}
