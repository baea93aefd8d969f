using System.Buffers.Binary;
using System.Text;
using AilasKiosk.Inspect;

namespace AilasKiosk.Tests.Inspect;

/// <summary>The reader on shapes GoPro does not write but other writers (and editors) do.</summary>
public class DecoderTests
{
    [Fact]
    public void Little_endian_TIFF_is_read_too()
    {
        // "II" header; IFD0 at 8: DateTime + GPS pointer; GPS IFD at 38: latitude S, longitude E.
        var tiff = new byte[200];
        "II"u8.CopyTo(tiff);
        Le16(tiff, 2, 42);
        Le32(tiff, 4, 8);
        Le16(tiff, 8, 2);
        Entry(tiff, 10, 0x0132, type: 2, count: 20, value: 100);      // DateTime → text at 100
        Entry(tiff, 22, 0x8825, type: 4, count: 1, value: 38);        // GPS IFD
        Le16(tiff, 38, 4);
        Entry(tiff, 40, 0x0001, type: 2, count: 2, value: 'S');       // "S\0" fits in the entry
        Entry(tiff, 52, 0x0002, type: 5, count: 3, value: 130);
        Entry(tiff, 64, 0x0003, type: 2, count: 2, value: 'E');
        Entry(tiff, 76, 0x0004, type: 5, count: 3, value: 154);
        Encoding.ASCII.GetBytes("2023:12:24 18:30:05\0").CopyTo(tiff, 100);
        Rationals(tiff, 130, (33, 1), (51, 1), (3600, 100));            // 33° 51' 36" S
        Rationals(tiff, 154, (151, 1), (12, 1), (3000, 100));           // 151° 12' 30" E

        var fields = FactsOfTiff(tiff);

        Assert.Equal(MetadataStatus.Read, fields.Metadata);
        Assert.Equal(new DateTime(2023, 12, 24, 18, 30, 5), fields.CaptureTime);
        Assert.Equal(GpsState.Valid, fields.GpsState);
        Assert.Equal(-(33 + 51 / 60.0 + 36 / 3600.0), fields.Gps!.Latitude, precision: 9);
        Assert.Equal(151 + 12 / 60.0 + 30 / 3600.0, fields.Gps.Longitude, precision: 9);
        Assert.Null(fields.Gps.Altitude);
        Assert.Null(fields.GpsTimeUtc);
    }

    [Theory]
    [InlineData("<rdf:Description GPano:ProjectionType=\"equirectangular\"/>", Projection.Equirectangular)]
    [InlineData("<rdf:Description GPano:ProjectionType = 'Equirectangular' />", Projection.Equirectangular)]
    [InlineData("<GPano:ProjectionType>equirectangular</GPano:ProjectionType>", Projection.Equirectangular)]
    [InlineData("<GPano:ProjectionType>cylindrical</GPano:ProjectionType>", Projection.Flat)]
    [InlineData("<GPano:UsePanoramaViewer>True</GPano:UsePanoramaViewer>", Projection.Flat)]
    [InlineData("<x>equirectangular</x></GPano:ProjectionType>", Projection.Flat)]
    [InlineData("GPano:ProjectionType=\"equirectangular", Projection.Flat)]   // cut off before the closing quote
    [InlineData("GPano:ProjectionType", Projection.Flat)]
    [InlineData("", Projection.Flat)]
    public void Projection_from_XMP_in_either_RDF_spelling(string xmp, Projection expected)
    {
        Assert.Equal(expected, XmpProjection.Of(Encoding.UTF8.GetBytes(xmp)));
    }

    [Theory]
    [InlineData("0000:00:00 00:00:00")]                                 // a camera whose clock was never set
    [InlineData("                   ")]
    [InlineData("2024:13:45 25:61:61")]
    public void Unset_or_impossible_dates_are_no_capture_time(string date)
    {
        var tiff = new byte[64];
        "II"u8.CopyTo(tiff);
        Le16(tiff, 2, 42);
        Le32(tiff, 4, 8);
        Le16(tiff, 8, 1);
        Entry(tiff, 10, 0x0132, type: 2, count: 20, value: 30);
        Encoding.ASCII.GetBytes(date).CopyTo(tiff, 30);

        var facts = FactsOfTiff(tiff);

        Assert.Equal(MetadataStatus.Read, facts.Metadata);
        Assert.Null(facts.CaptureTime);
    }

    // SOI, one Exif APP1 holding the TIFF block, EOI: the TIFF is read as the inspector reads a camera's.
    private static ImageFacts FactsOfTiff(byte[] tiff)
    {
        int length = 2 + 6 + tiff.Length;
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. "Exif\0\0"u8, .. tiff, 0xFF, 0xD9];
        return TestImages.FactsOf(jpeg);
    }

    private static void Entry(byte[] tiff, int at, ushort tag, ushort type, uint count, uint value)
    {
        Le16(tiff, at, tag);
        Le16(tiff, at + 2, type);
        Le32(tiff, at + 4, count);
        Le32(tiff, at + 8, value);
    }

    private static void Rationals(byte[] tiff, int at, params (uint N, uint D)[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            Le32(tiff, at + 8 * i, values[i].N);
            Le32(tiff, at + 8 * i + 4, values[i].D);
        }
    }

    private static void Le16(byte[] b, int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);

    private static void Le32(byte[] b, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
}
