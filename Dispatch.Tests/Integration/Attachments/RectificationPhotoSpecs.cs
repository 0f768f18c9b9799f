using System.Net;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.Attachments;

/// <summary>
/// 整改照片 as policy: where the case's SLA policy says so (the demo's policy 6, for 垃圾清运不及时), the case view says its reply needs a
/// photo, and a reply that names none — or names only a document — is refused with 422 on attachmentIds, changing nothing; the same
/// reply naming a photo of the case goes through. Elsewhere a reply needs none.
/// </summary>
[Category("Integration")]
public sealed class RectificationPhotoSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    private async Task<string> Signed(string categoryCode)
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { CategoryCode = categoryCode, Title = "垃圾桶满了三天没人清" });
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", [], null));
        return (await (await As("um.handler")).ActAsync(filed.Number, "sign")).Number;
    }

    [Test]
    public async Task A_reply_the_policy_asks_photos_of_names_one_or_is_refused()
    {
        var number = await Signed("010104");
        var um = await As("um.handler");
        var document = await um.AttachAsync(number, TestPhotos.Pdf(), "清运记录.pdf");
        var view = await um.GetCaseAsync(number);

        using var bare = await um.PostActionAsync(number, "reply", new TextRequest("已清运"));
        var bareProblem = await bare.ProblemAsync();
        using var withDocument = await um.PostActionAsync(number, "reply", new TextRequest("已清运", [document.Id]));
        var unchanged = await um.GetCaseAsync(number);
        var photo = await um.AttachAsync(number, TestPhotos.JpegWithGps(640, 480), "清运后.jpg");
        var replied = await um.ActAsync(number, "reply", new TextRequest("已清运，附整改照片", [photo.Id]));

        Assert.Multiple(() =>
        {
            Assert.That(view.ReplyRequiresPhotos, Is.True);
            Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(bareProblem.GetProperty("errors").GetProperty("attachmentIds")[0].GetString(),
                Does.Contain("整改照片").And.Contain("SLA policy 6"));
            Assert.That(withDocument.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "a PDF is not a photo of the work");
            Assert.That((unchanged.Status, unchanged.Version), Is.EqualTo(("signed", view.Version)), "refused replies change nothing");
            Assert.That(replied.Status, Is.EqualTo("resolved"));
        });
    }

    [Test]
    public async Task Where_the_policy_is_silent_a_reply_needs_no_photo()
    {
        var number = await Signed("010202");
        var um = await As("um.handler");

        var view = await um.GetCaseAsync(number);
        var replied = await um.ActAsync(number, "reply", new TextRequest("已处理"));

        Assert.Multiple(() =>
        {
            Assert.That(view.ReplyRequiresPhotos, Is.False);
            Assert.That(replied.Status, Is.EqualTo("resolved"));
        });
    }
}
