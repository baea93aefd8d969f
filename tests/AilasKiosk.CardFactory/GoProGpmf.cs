using System.Buffers.Binary;

namespace AilasKiosk.CardFactory;

/// <summary>
/// The GPMF payload of the JPEG's APP6 "GoPro\0" segment: one DEVC with the camera's identity
/// (CASN serial, MINF model, FMWR firmware) and photo settings. The HERO6 layout copies GoPro.jpg
/// key for key; the HERO8+/MAX layout follows the exiftool dumps and exiftool's notes on MAX files.
/// </summary>
internal static class GoProGpmf
{
    public static byte[] Build(CameraProfile camera, PhotoSpec photo)
    {
        bool spherical = photo.IsSphericalOn(camera);
        byte[] cameraInfo = new byte[16]; // CINF: an opaque per-media id; MUID repeats it as words
        new Xoshiro256(photo.Seed ^ 0x5EED_C1F).Fill(cameraInfo);

        return new GpmfWriter().Nest("DEVC", devc =>
        {
            devc.UInt32s("DVID", 1);
            if (camera.GpmfLayout == GpmfLayout.NestedStream)
            {
                devc.Text("DVNM", "Photo Global Settings")
                    .UInt32s("TICK", 85473)
                    .Nest("STRM", strm =>
                    {
                        strm.UInt32s("TSMP", 192).UInt32s("TICK", 85473);
                        Settings(strm, camera, cameraInfo, spherical);
                        strm.Bytes("PHDR", 0).Bytes("PRAW", 0).Bytes("HFLG", 0);
                    });
            }
            else
            {
                devc.Text("DVNM", "Global Settings").Bytes("VERS", camera.GpmfVersion);
                Settings(devc, camera, cameraInfo, spherical);
                devc.Text("PHDR", "OFF");
                if (camera.Shoots360)
                    devc.Text("EISA", spherical ? "HS HLevel" : "N/A");
            }
        }).ToArray();
    }

    private static void Settings(GpmfWriter w, CameraProfile camera, byte[] cameraInfo, bool spherical)
    {
        var mediaId = new uint[8];
        for (int i = 0; i < 4; i++)
            mediaId[i] = BinaryPrimitives.ReadUInt32LittleEndian(cameraInfo.AsSpan(4 * i));

        w.Text("FMWR", camera.Firmware)
         .Text("LINF", "LAJ" + (CameraProfile.StableHash(camera.Serial) % 10_000_000_000_000L).ToString("D13"), fixedLength: 48)
         .Bytes("CINF", cameraInfo)
         .Text("CASN", camera.Serial + "\0")
         .Text("MINF", camera.Model, fixedLength: 30)
         .UInt32s("MUID", mediaId)
         .Bytes("CMOD", 17)               // 17: JPEG photo
         .Bytes("MTYP", 11)               // 11: JPEG
         .Text("OREN", "U")               // AutoRotation: up
         .Text("DZOM", "Y")
         .UInt32s("DZST", 0)
         .Text("SMTR", "N")
         .Text("PRTN", "Y")               // ProTune on
         .Text("PTWB", "AUTO", fixedLength: 8)
         .Text("PTSH", "HIGH", fixedLength: 6)
         .Text("PTCL", "GOPRO", fixedLength: 6)
         .Text("EXPT", "AUTO", fixedLength: 8)
         .UInt32s("PIMX", 3200)
         .UInt32s("PIMN", 100)
         .Text("PTEV", "0.0", fixedLength: 6)
         .Text("RATE", camera.TimeLapseRate, fixedLength: 8)
         .Text("PRES", PhotoResolution(camera, spherical));
    }

    // The camera's name for its photo mode, e.g. "20MP_W" (wide) or "16.6MP_S" (spherical).
    private static string PhotoResolution(CameraProfile camera, bool spherical) => (camera.Model, spherical) switch
    {
        (_, true) => "16.6MP_S",
        ("GoPro Max", false) => "5.5MP_X",
        ("HERO10 Black", false) => "20MP_W",
        _ => "12MP_W",
    };
}
