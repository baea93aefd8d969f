using System.Buffers.Binary;
using AilasKiosk.CardFactory;
using AilasKiosk.Inspect;

namespace AilasKiosk.Tests.Inspect;

/// <summary>Factory photos for the inspector tests, and the means to find (and break) their TIFF fields.</summary>
internal static class TestImages
{
    /// <summary>Local time (CEST, UTC+2) with milliseconds, as a HERO10 records it.</summary>
    public static readonly DateTime Taken = new(2024, 6, 12, 10, 15, 2, 345);

    public static readonly DateTime TakenUtc = new(2024, 6, 12, 8, 15, 2, DateTimeKind.Utc);

    public static readonly GpsFix Tours = new(47.3941, 0.6848, 52.3, TakenUtc);

    /// <summary>The default: camera on local time, GPS at Tours, a fix at the same instant.</summary>
    public static byte[] Photo(CameraProfile camera, DateTime? taken = null, GpsFix? gps = null, bool noGps = false,
        bool? spherical = null, long size = 0, string name = "G0030095.JPG", int seed = 7)
    {
        var spec = new PhotoSpec("100GOPRO", name, 1, taken ?? Taken, noGps ? null : gps ?? Tours, seed, spherical);
        long minimum = GoProJpeg.MinimumSize(camera, spec);
        return GoProJpeg.Build(camera, spec with { SizeBytes = Math.Max(size, minimum) });
    }

    public static ImageFacts FactsOf(byte[] jpeg) => ImageInspector.Inspect(new MemoryStream(jpeg, writable: false), jpeg.Length);

    // The factory's Exif APP1 comes right after SOI: FFE1, length, "Exif\0\0", then the TIFF block.
    public const int TiffStart = 12;

    public static int Ifd0(byte[] jpeg)
    {
        Assert.True(jpeg.AsSpan(6, 6).SequenceEqual("Exif\0\0"u8), "the factory moved its Exif segment");
        return (int)BinaryPrimitives.ReadUInt32BigEndian(jpeg.AsSpan(TiffStart + 4));
    }

    public static int ExifIfd(byte[] jpeg) => (int)Read32(jpeg, EntryAt(jpeg, Ifd0(jpeg), 0x8769) + 8);

    public static int GpsIfd(byte[] jpeg) => (int)Read32(jpeg, EntryAt(jpeg, Ifd0(jpeg), 0x8825) + 8);

    /// <summary>Position in the file of the 12-byte entry for <paramref name="tag"/> in the IFD at a TIFF offset.</summary>
    public static int EntryAt(byte[] jpeg, int ifdOffset, ushort tag)
    {
        int ifd = TiffStart + ifdOffset;
        int count = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(ifd));
        for (int i = 0; i < count; i++)
            if (BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(ifd + 2 + 12 * i)) == tag)
                return ifd + 2 + 12 * i;
        throw new InvalidOperationException($"tag 0x{tag:X4} not in the IFD at {ifdOffset}");
    }

    public static uint Read32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));

    public static void Write32(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), value);

    public static void Write16(byte[] bytes, int at, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), value);
}
