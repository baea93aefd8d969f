using System.Globalization;

namespace AilasKiosk.CardFactory;

/// <summary>
/// The XMP packet a MAX puts in its 360° photos: Google's GPano namespace, which tells viewers
/// (and Panoramax) that the picture is an equirectangular panorama. Fields follow max_GS__8682.xml.
/// </summary>
internal static class GPanoXmp
{
    private const char Bom = '\uFEFF'; // XMP packets announce their encoding with a BOM

    public static string Build(CameraProfile camera, PhotoSpec photo)
    {
        PixelSize size = camera.SphericalSize ?? throw new ArgumentException($"{camera.Model} shoots no 360° photos");
        string taken = photo.CaptureTime.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $"""
            <?xpacket begin="{Bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.1.0-jc003">
              <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about=""
                    xmlns:GPano="http://ns.google.com/photos/1.0/panorama/"
                  GPano:UsePanoramaViewer="True"
                  GPano:CaptureSoftware="{camera.Model}"
                  GPano:StitchingSoftware="{camera.Model}"
                  GPano:ProjectionType="equirectangular"
                  GPano:PoseHeadingDegrees="0.0"
                  GPano:PosePitchDegrees="0.0"
                  GPano:PoseRollDegrees="0.0"
                  GPano:InitialViewHeadingDegrees="0.0"
                  GPano:InitialViewPitchDegrees="0.0"
                  GPano:InitialViewRollDegrees="0.0"
                  GPano:InitialHorizontalFOVDegrees="0.0"
                  GPano:InitialVerticalFOVDegrees="0.0"
                  GPano:CroppedAreaLeftPixels="0"
                  GPano:CroppedAreaTopPixels="0"
                  GPano:CroppedAreaImageWidthPixels="{size.Width}"
                  GPano:CroppedAreaImageHeightPixels="{size.Height}"
                  GPano:FullPanoWidthPixels="{size.Width}"
                  GPano:FullPanoHeightPixels="{size.Height}"
                  GPano:FirstPhotoDate="{taken}"
                  GPano:LastPhotoDate="{taken}"
                  GPano:SourcePhotosCount="2"
                  GPano:ExposureLockUsed="False"
                  GPano:InitialCameraDolly="0.0"/>
              </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """;
    }
}
