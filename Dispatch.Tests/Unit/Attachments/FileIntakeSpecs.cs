using System.Text;
using Dispatch.Tests.Support;
using Dispatch.Workers.Attachments;
using SkiaSharp;

namespace Dispatch.Tests.Unit.Attachments;

/// <summary>
/// An upload's checks, without a server: the type from the bytes whatever the name says, the sizes, the names, files cut short, and a
/// photo made what is stored — re-encoded without its GPS position or device, upright, thumbnailed.
/// </summary>
[Category("Unit")]
public sealed class FileIntakeSpecs
{
    private static readonly AttachmentOptions Options = new() { MaxFileBytes = 1024 * 1024, ThumbnailSize = 160, MaxPhotoSide = 512 };

    private static PreparedFile.Check Prepare(byte[] bytes, string? name = null) => FileIntake.Prepare(bytes, name, Options);

    private static IEnumerable<TestCaseData> AcceptedFiles()
    {
        yield return new TestCaseData(TestPhotos.JpegWithGps(), "image/jpeg").SetName("a JPEG is a photo");
        yield return new TestCaseData(TestPhotos.Png(), "image/png").SetName("a PNG is a photo, stored as PNG");
        yield return new TestCaseData(TestPhotos.WebP(), "image/webp").SetName("a WebP is a photo, stored as WebP");
        yield return new TestCaseData(TestPhotos.Pdf(), "application/pdf").SetName("a PDF is a document");
        yield return new TestCaseData(TestPhotos.Wav(), "audio/wav").SetName("a WAV is a recording");
        yield return new TestCaseData("#!AMR\n"u8.ToArray().Concat(new byte[64]).ToArray(), "audio/amr").SetName("an AMR is a recording");
        yield return new TestCaseData("ID3"u8.ToArray().Concat(new byte[64]).ToArray(), "audio/mpeg").SetName("an MP3 with its ID3 tag is a recording");
        yield return new TestCaseData(new byte[] { 0xFF, 0xFB, 0x90, 0x64 }.Concat(new byte[64]).ToArray(), "audio/mpeg")
            .SetName("an MP3 frame is a recording");
        yield return new TestCaseData(new byte[] { 0, 0, 0, 32 }.Concat("ftypM4A "u8.ToArray()).Concat(new byte[64]).ToArray(), "audio/mp4")
            .SetName("an M4A is a recording");
    }

    [TestCaseSource(nameof(AcceptedFiles))]
    public void Accepts_the_types_of_the_issue_by_their_bytes_alone(byte[] bytes, string mediaType)
    {
        var unnamed = Prepare(bytes);
        var misnamedless = Prepare(bytes, "证据");

        Assert.Multiple(() =>
        {
            Assert.That(unnamed.Problem, Is.Null);
            Assert.That(unnamed.File!.Type.MediaType, Is.EqualTo(mediaType));
            Assert.That(misnamedless.File?.Type.MediaType, Is.EqualTo(mediaType), "a name without an extension claims nothing");
        });
    }

    [Test]
    public void Decides_the_type_from_the_bytes_never_from_the_name()
    {
        var pdfAsPhoto = Prepare(TestPhotos.Pdf(), "photo.jpg");
        var programAsPhoto = Prepare("MZ\u0090\0\u0003\0\0\0"u8.ToArray(), "现场照片.JPG");
        var htmlAsPdf = Prepare(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "report.pdf");
        var nameless = Prepare(Encoding.UTF8.GetBytes("<html></html>"));

        Assert.Multiple(() =>
        {
            Assert.That(pdfAsPhoto.Problem?.Kind, Is.EqualTo(FileProblemKind.Disguised));
            Assert.That(pdfAsPhoto.Problem?.Detail, Does.Contain("a PDF document"));
            Assert.That(programAsPhoto.Problem?.Kind, Is.EqualTo(FileProblemKind.Disguised));
            Assert.That(htmlAsPdf.Problem?.Kind, Is.EqualTo(FileProblemKind.Disguised));
            Assert.That(nameless.Problem?.Kind, Is.EqualTo(FileProblemKind.Unsupported));
            Assert.That(Prepare(TestPhotos.Pdf(), "scan.PDF").Problem, Is.Null, "the extension is compared without case");
        });
    }

    [Test]
    public void Refuses_an_empty_file_and_one_over_the_limit()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Prepare([], "a.jpg").Problem?.Kind, Is.EqualTo(FileProblemKind.Empty));
            Assert.That(Prepare([.. TestPhotos.Pdf(), .. new byte[Options.MaxFileBytes]]).Problem?.Kind, Is.EqualTo(FileProblemKind.TooLarge));
        });
    }

    [TestCase("../../etc/passwd.jpg")]
    [TestCase("photos/a.jpg")]
    [TestCase("C:\\Users\\me\\a.jpg")]
    [TestCase("C:a.jpg")]
    [TestCase("..")]
    [TestCase("a\u0000.jpg")]
    [TestCase("a\u202Egpj.exe")]
    public void Refuses_a_file_name_that_is_a_path_or_hides_characters(string name) =>
        Assert.That(Prepare(TestPhotos.Pdf(), name).Problem?.Kind, Is.EqualTo(FileProblemKind.BadName));

    [Test]
    public void Refuses_a_photo_or_a_PDF_cut_short()
    {
        var photo = TestPhotos.JpegWithGps();
        var pdf = TestPhotos.Pdf();

        Assert.Multiple(() =>
        {
            Assert.That(Prepare(photo[..(photo.Length / 2)]).Problem?.Kind, Is.EqualTo(FileProblemKind.Truncated));
            Assert.That(Prepare(pdf[..(pdf.Length - 8)]).Problem?.Kind, Is.EqualTo(FileProblemKind.Truncated));
            Assert.That(Prepare(photo[..40]).Problem?.Kind, Is.AnyOf(FileProblemKind.Truncated, FileProblemKind.Damaged));
        });
    }

    [Test]
    public void Refuses_HEIC_plainly_where_it_cannot_be_decoded()
    {
        var heic = Prepare(TestPhotos.Heic(), "IMG_0001.HEIC");

        Assert.That(heic.Problem?.Kind, Is.EqualTo(FileProblemKind.NotDecodable));
        Assert.That(heic.Problem!.Detail, Does.Contain("JPEG"));
    }

    [Test]
    public void Strips_a_photos_GPS_position_and_device_and_makes_a_thumbnail()
    {
        var sent = TestPhotos.JpegWithGps(1200, 900);
        Assume.That(PhotoMetadata.Revealing(sent), Has.Some.Contains("GPS Latitude").And.Some.Contains(TestPhotos.Model),
            "the photo sent carries what must be stripped");

        var stored = Prepare(sent, "IMG_0001.jpg").File!;
        using var thumbnail = SKBitmap.Decode(stored.Thumbnail);

        Assert.Multiple(() =>
        {
            Assert.That(PhotoMetadata.Revealing(stored.Bytes), Is.Empty);
            Assert.That(stored.Bytes, Is.Not.EqualTo(sent));
            Assert.That((stored.Width, stored.Height), Is.EqualTo((512, 384)), "scaled to Attachments:MaxPhotoSide");
            Assert.That((thumbnail.Width, thumbnail.Height), Is.EqualTo((160, 120)));
            Assert.That(FileTypes.Detect(stored.Thumbnail), Is.EqualTo(FileTypes.Jpeg));
            Assert.That(stored.FileName, Is.EqualTo("IMG_0001.jpg"));
        });
    }

    [Test]
    public void Turns_a_photo_upright_as_its_orientation_said_since_the_tag_goes_with_the_rest()
    {
        // Orientation 6: the camera was held upright, the sensor wrote the pixels turned; a viewer turns them 90° clockwise.
        var stored = Prepare(TestPhotos.JpegWithGps(400, 300, orientation: 6)).File!;

        Assert.That((stored.Width, stored.Height), Is.EqualTo((300, 400)));
    }
}
