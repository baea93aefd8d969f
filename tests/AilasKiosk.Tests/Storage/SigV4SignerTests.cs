using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AilasKiosk.Storage;

namespace AilasKiosk.Tests.Storage;

/// <summary>
/// The signer against the worked examples of AWS's S3 documentation ("Signature Calculations for the
/// Authorization Header: Transferring Payload in a Single Chunk"), with the example credentials published there.
/// </summary>
public class SigV4SignerTests
{
    private static readonly SigV4Signer Signer = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    private static readonly DateTimeOffset ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_GET_object_example_is_signed_as_AWS_documents_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://examplebucket.s3.amazonaws.com/test.txt");
        request.Headers.Range = new RangeHeaderValue(0, 9);

        Signer.Sign(request, ExampleTime, SigV4Signer.EmptyPayload);

        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                     + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                     + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            request.Headers.Authorization!.ToString());
        Assert.Equal("20130524T000000Z", request.Headers.GetValues("x-amz-date").Single());
    }

    [Fact]
    public void The_PUT_object_example_is_signed_as_AWS_documents_it()
    {
        var body = "Welcome to Amazon S3."u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://examplebucket.s3.amazonaws.com/" + SigV4Signer.EncodeKey("test$file.text"));
        request.Content = new ByteArrayContent(body);
        request.Headers.Date = ExampleTime;
        request.Headers.TryAddWithoutValidation("x-amz-storage-class", "REDUCED_REDUNDANCY");

        Signer.Sign(request, ExampleTime, Convert.ToHexStringLower(SHA256.HashData(body)));

        Assert.Equal("/test%24file.text", request.RequestUri!.AbsolutePath);
        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                     + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
                     + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
            request.Headers.Authorization!.ToString());
    }

    [Fact]
    public void The_list_objects_example_is_signed_with_its_query_sorted_as_AWS_documents_it()
    {
        // The documented request is "GET /?max-keys=2&prefix=J"; the order on the wire must not matter.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2");

        Signer.Sign(request, ExampleTime, SigV4Signer.EmptyPayload);

        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                     + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                     + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
            request.Headers.Authorization!.ToString());
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("?list-type=2&prefix=_kiosks%2F", "list-type=2&prefix=_kiosks%2F")]
    [InlineData("?prefix=a b&list-type=2", "list-type=2&prefix=a%20b")]
    [InlineData("?uploads", "uploads=")]
    [InlineData("?continuation-token=1%2Fx%2B%3D%3D", "continuation-token=1%2Fx%2B%3D%3D")]
    public void A_query_is_signed_decoded_encoded_again_and_sorted(string query, string canonical) =>
        Assert.Equal(canonical, SigV4Signer.CanonicalQuery(query));

    [Fact]
    public void Signing_covers_Content_MD5_and_user_metadata()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:7480/bucket/a.jpg");
        request.Content = new ByteArrayContent([1, 2, 3]);
        request.Content.Headers.ContentMD5 = MD5.HashData(new byte[] { 1, 2, 3 });
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        request.Headers.TryAddWithoutValidation("x-amz-meta-sha256", "00ff");

        Signer.Sign(request, ExampleTime, SigV4Signer.UnsignedPayload);
        var authorization = request.Headers.Authorization!.ToString();

        Assert.Contains("SignedHeaders=content-md5;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-sha256,", authorization);
        // Another MD5 (another body) makes another signature: an intermediary cannot swap the body's digest.
        using var other = new HttpRequestMessage(HttpMethod.Put, request.RequestUri);
        other.Content = new ByteArrayContent([1, 2, 4]);
        other.Content.Headers.ContentMD5 = MD5.HashData(new byte[] { 1, 2, 4 });
        other.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        other.Headers.TryAddWithoutValidation("x-amz-meta-sha256", "00ff");
        Signer.Sign(other, ExampleTime, SigV4Signer.UnsignedPayload);
        Assert.NotEqual(authorization, other.Headers.Authorization!.ToString());
    }

    [Theory]
    [InlineData("AILAS-07/2026-11-30/100GOPRO/G0010001.JPG", "AILAS-07/2026-11-30/100GOPRO/G0010001.JPG")]
    [InlineData("a+b %20#?&=.JPG", "a%2Bb%20%2520%23%3F%26%3D.JPG")]
    [InlineData("été 日本.JPG", "%C3%A9t%C3%A9%20%E6%97%A5%E6%9C%AC.JPG")]
    [InlineData("x/(1)[2]'~_-.JPG", "x/%281%29%5B2%5D%27~_-.JPG")]
    public void Keys_are_encoded_per_segment_as_S3_signs_them(string key, string path)
    {
        Assert.Equal(path, SigV4Signer.EncodeKey(key));
        // What is signed is what is sent: the URI keeps the encoding as it is.
        Assert.Equal("/b/" + path, new Uri("http://h/b/" + SigV4Signer.EncodeKey(key)).AbsolutePath);
        Assert.Equal(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(Uri.UnescapeDataString(path)));
    }
}
