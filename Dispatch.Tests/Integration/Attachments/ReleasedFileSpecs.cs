using System.Net;
using System.Net.Http.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.Attachments;

/// <summary>
/// A confidential caller's own file is the center's only until a dispatcher or supervisor releases it: then the departments that see
/// the case see it too. The release is an audited action of its own; only the center may, only a caller's file of a confidential
/// caller, once; and it is offered on the file (mayRelease), never among the case's allowedActions.
/// </summary>
[Category("Integration")]
public sealed class ReleasedFileSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    private async Task<(string Number, AttachmentView Callers)> Dispatched(bool confidential)
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { Caller = new CallerInput("李四", "13700001234", confidential) });
        var callers = await Hotline.Api.AttachAsync(filed.Number, TestPhotos.JpegWithGps(), "来电人照片.jpg");
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", [], null));
        return (filed.Number, callers);
    }

    private static Task<HttpResponseMessage> Release(HttpClient client, string number, Guid id, string? note = null) =>
        client.PostAsJsonAsync($"/api/cases/{number}/attachments/{id}/release", new ReleaseRequest(note));

    [Test]
    public async Task The_center_releases_a_confidential_callers_photo_to_the_department_by_an_audited_action()
    {
        var (number, callers) = await Dispatched(confidential: true);
        var dispatcher = await As("dispatcher1");
        var um = await As("um.handler");
        var offered = (await dispatcher.AttachmentsAsync(number)).Single();
        var umBefore = await um.AttachmentsAsync(number);

        using var released = await Release(dispatcher, number, callers.Id, "承办单位需要现场照片");
        var view = await released.Content.ReadFromJsonAsync<AttachmentView>(ApiClient.Json);
        var umAfter = await um.AttachmentsAsync(number);
        using var download = await um.GetAsync(new Uri(callers.ContentUrl!, UriKind.Relative));
        var history = await dispatcher.GetHistoryAsync(number);
        var allowed = (await dispatcher.GetCaseAsync(number)).AllowedActions;
        using var again = await Release(dispatcher, number, callers.Id);

        Assert.Multiple(() =>
        {
            Assert.That(offered.MayRelease, Is.True);
            Assert.That(umBefore, Is.Empty);
            Assert.That(released.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((view!.Released, view.MayRelease), Is.EqualTo((true, false)));
            Assert.That(umAfter.Select(f => f.Id), Is.EqualTo(new[] { callers.Id }));
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((history[^1].Action, history[^1].Actor), Is.EqualTo(("release-attachment", "dispatcher:dispatcher1")));
            Assert.That(history[^1].Reason, Does.Contain(callers.Id.ToString()).And.Contain("承办单位需要现场照片"));
            Assert.That(allowed, Does.Not.Contain("release-attachment"), "a file's action, not a case's button");
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "released once");
        });
    }

    [Test]
    public async Task Only_the_center_releases_and_only_a_confidential_callers_file()
    {
        var (confidential, hidden) = await Dispatched(confidential: true);
        var (open, visible) = await Dispatched(confidential: false);
        var cases = await Db.ScalarAsync<long>("select count(*) from case_audit");

        using var byHandler = await Release(await As("um.handler"), confidential, hidden.Id);
        using var notConfidential = await Release(await As("dispatcher1"), open, visible.Id);
        using var unknown = await Release(await As("dispatcher1"), confidential, Guid.CreateVersion7());

        Assert.Multiple(async () =>
        {
            Assert.That(byHandler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(notConfidential.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((await notConfidential.ProblemAsync()).GetProperty("errors").TryGetProperty("attachmentId", out _), Is.True);
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from case_audit"), Is.EqualTo(cases), "nothing recorded");
        });
    }
}
