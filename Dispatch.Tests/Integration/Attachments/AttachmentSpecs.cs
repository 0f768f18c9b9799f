using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Privacy;

namespace Dispatch.Tests.Integration.Attachments;

/// <summary>
/// Files on a case through the real API: a photo is attached by an audited action and read back without its GPS position or device;
/// a department sees the files of the cases it sees, but not a confidential caller's own unless the center released them; a citizen's
/// file downloaded is in the personal-data access log; and every bad upload is a 4xx naming the problem that stores nothing.
/// </summary>
[Category("Integration")]
public sealed class AttachmentSpecs : HotlineFixture
{
    private const int MaxPerCase = 3;
    private const int MaxFileBytes = 300_000;

    protected override bool WithWorkers => false;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Attachments:MaxPerCase"] = MaxPerCase.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Attachments:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<CaseView> Dispatched(bool confidential = false)
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { Caller = new CallerInput("李四", "13700001234", confidential) });
        return await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", ["ENV"], null));
    }

    private int BlobCount() =>
        Directory.Exists(Hotline.AttachmentsPath) ? Directory.EnumerateFiles(Hotline.AttachmentsPath, "*", SearchOption.AllDirectories).Count() : 0;

    private Task<long> RowCount(string table) => Db.ScalarAsync<long>($"select count(*) from {table}");

    private static async Task<byte[]> Download(HttpClient client, AttachmentView file, bool thumbnail = false)
    {
        using var response = await client.GetAsync(new Uri(thumbnail ? file.ThumbnailUrl! : file.ContentUrl!, UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Test]
    public async Task A_photo_is_attached_by_an_audited_action_and_read_back_without_its_position_or_device()
    {
        var @case = await Dispatched();
        var sent = TestPhotos.JpegWithGps(800, 600);
        Assume.That(PhotoMetadata.Revealing(sent), Is.Not.Empty);
        var um = await As("um.handler");

        var attached = await um.AttachAsync(@case.Number, sent, "整改前.jpg");
        var stored = await Download(um, attached);
        var thumbnail = await Download(um, attached, thumbnail: true);
        var history = await um.GetHistoryAsync(@case.Number);
        var now = await um.GetCaseAsync(@case.Number);

        Assert.Multiple(() =>
        {
            Assert.That(attached.Kind, Is.EqualTo("photo"));
            Assert.That(attached.MediaType, Is.EqualTo("image/jpeg"));
            Assert.That(attached.Origin, Is.EqualTo("staff"), "a department's upload is the staff's by default");
            Assert.That(attached.FileName, Is.EqualTo("整改前.jpg"));
            Assert.That(attached.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(stored))), "the hash is of the bytes served");
            Assert.That(attached.Size, Is.EqualTo(stored.Length));
            Assert.That(PhotoMetadata.Revealing(stored), Is.Empty, "no GPS, make or model in the stored file");
            Assert.That(PhotoMetadata.Revealing(thumbnail), Is.Empty);
            Assert.That(thumbnail.Length, Is.LessThan(stored.Length));
            Assert.That(history[^1].Action, Is.EqualTo("attach"));
            Assert.That(history[^1].Actor, Is.EqualTo("handler:um.handler@UM"));
            Assert.That(history[^1].Reason, Does.Contain(attached.Id.ToString()).And.Contain(attached.Sha256!).And.Not.Contain("整改前"));
            Assert.That(now.Version, Is.EqualTo(@case.Version + 1));
            Assert.That(now.Status, Is.EqualTo("dispatched"));
        });
    }

    [Test]
    public async Task A_download_is_served_as_what_its_bytes_are_and_never_rendered_as_a_page()
    {
        var @case = await Dispatched();
        var attached = await Hotline.Api.AttachAsync(@case.Number, TestPhotos.Pdf(), "通知.pdf");

        using var response = await Hotline.Api.GetAsync(new Uri(attached.ContentUrl!, UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(attached.ThumbnailUrl, Is.Null, "only a photo has a thumbnail");
        });
    }

    [Test]
    public async Task A_department_sees_the_files_of_the_cases_it_sees_only()
    {
        var @case = await Dispatched();
        var attached = await Hotline.Api.AttachAsync(@case.Number, TestPhotos.Png(), "map.png", origin: "staff");
        var housing = await As("housing.handler");

        using var list = await housing.GetAsync(new Uri($"/api/cases/{@case.Number}/attachments", UriKind.Relative));
        using var content = await housing.GetAsync(new Uri(attached.ContentUrl!, UriKind.Relative));
        using var upload = await housing.UploadAsync(@case.Number, TestPhotos.Pdf(), "x.pdf");

        Assert.Multiple(async () =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(content.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await (await As("env.handler")).AttachmentsAsync(@case.Number), Has.Count.EqualTo(1), "the assisting department sees it");
        });
    }

    [Test]
    public async Task A_confidential_callers_own_files_are_the_centers_only()
    {
        var @case = await Dispatched(confidential: true);
        var callers = await Hotline.Api.AttachAsync(@case.Number, TestPhotos.JpegWithGps(), "来电人照片.jpg");
        var um = await As("um.handler");
        var staffs = await um.AttachAsync(@case.Number, TestPhotos.Pdf(), "回复.pdf");

        using var hidden = await um.GetAsync(new Uri(callers.ContentUrl!, UriKind.Relative));
        var umSees = await um.AttachmentsAsync(@case.Number);
        var centerSees = await (await As("dispatcher1")).AttachmentsAsync(@case.Number);

        Assert.Multiple(() =>
        {
            Assert.That(callers.Origin, Is.EqualTo("caller"), "an agent uploads the caller's files by default");
            Assert.That(umSees.Select(f => f.Id), Is.EqualTo(new[] { staffs.Id }));
            Assert.That(centerSees.Select(f => f.Id), Is.EqualTo(new[] { callers.Id, staffs.Id }));
            Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Downloading_a_citizens_file_is_in_the_personal_data_access_log_and_a_staff_file_is_not()
    {
        var @case = await Dispatched();
        var callers = await Hotline.Api.AttachAsync(@case.Number, TestPhotos.JpegWithGps(), "现场.jpg", origin: "caller");
        var staffs = await Hotline.Api.AttachAsync(@case.Number, TestPhotos.Pdf(), "说明.pdf", origin: "staff");
        var um = await As("um.handler");
        var before = await Accesses(@case.Number);

        await Download(um, staffs);
        var afterStaff = await Accesses(@case.Number);
        await Download(um, callers);
        await Download(um, callers, thumbnail: true);
        var after = await Accesses(@case.Number);

        Assert.Multiple(() =>
        {
            Assert.That(afterStaff, Is.EqualTo(before), "a staff file is no citizen's data");
            Assert.That(after.Except(before), Is.EqualTo(new[] { ("um.handler", "DownloadAttachment"), ("um.handler", "AttachmentThumbnail") }));
        });
    }

    private async Task<List<(string Username, string Endpoint)>> Accesses(string number) =>
        [.. (await (await As("supervisor1")).GetFromJsonAsync<PersonalDataAccessPage>(
                new Uri($"/api/personal-data-access?caseNumber={number}&pageSize=200", UriKind.Relative), ApiClient.Json))!
            .Items.OrderBy(a => a.Id).Where(a => a.Endpoint is "DownloadAttachment" or "AttachmentThumbnail").Select(a => (a.Username, a.Endpoint))];

    [Test]
    public async Task A_retry_with_the_same_key_attaches_the_file_once()
    {
        var @case = await Dispatched();
        var photo = TestPhotos.Png(64, 64);

        using var first = await Hotline.Api.UploadAsync(@case.Number, photo, "a.png", contentType: "image/png", idempotencyKey: "upload-1");
        using var again = await Hotline.Api.UploadAsync(@case.Number, photo, "a.png", contentType: "image/png", idempotencyKey: "upload-1");
        var files = await Hotline.Api.AttachmentsAsync(@case.Number);

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await again.Content.ReadFromJsonAsync<AttachmentView>(ApiClient.Json))!.Id,
                Is.EqualTo((await first.Content.ReadFromJsonAsync<AttachmentView>(ApiClient.Json))!.Id));
            Assert.That(files, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_closed_case_takes_no_more_files()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { RequestType = "consultation" });
        await Hotline.Api.ActAsync(filed.Number, "close-directly", new CloseDirectlyRequest("已解答"));
        var blobs = BlobCount();

        using var response = await Hotline.Api.UploadAsync(filed.Number, TestPhotos.Pdf(), "x.pdf");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await response.ProblemAsync()).GetProperty("state").GetString(), Is.EqualTo("closed"));
            Assert.That(BlobCount(), Is.EqualTo(blobs), "nothing stored");
        });
    }

    // Each bad upload: the status, and a word of the problem the answer must name.
    private static IEnumerable<TestCaseData> BadUploads()
    {
        TestCaseData Bad(string name, Func<HttpClient, string, Task<HttpResponseMessage>> send, int status, string says) =>
            new TestCaseData(send, status, says).SetName($"bad upload: {name}");

        yield return Bad("oversized", (api, n) => api.UploadAsync(n, [.. TestPhotos.Pdf(), .. new byte[MaxFileBytes]], "big.pdf"), 413, "at most");
        yield return Bad("empty", (api, n) => api.UploadAsync(n, [], "empty.jpg"), 400, "empty");
        yield return Bad("a PDF named as a photo", (api, n) => api.UploadAsync(n, TestPhotos.Pdf(), "photo.jpg"), 415, "PDF");
        yield return Bad("a program named as a photo", (api, n) => api.UploadAsync(n, Encoding.ASCII.GetBytes("MZ\u0090\0 this program"), "现场.jpg"), 415,
            "named as");
        yield return Bad("a page with no name", (api, n) => api.UploadAsync(n, Encoding.UTF8.GetBytes("<html><script>x</script></html>"), null, contentType: "text/html"),
            415, "accepted types");
        yield return Bad("a truncated photo", (api, n) =>
        {
            var photo = TestPhotos.JpegWithGps();
            return api.UploadAsync(n, photo[..(photo.Length * 2 / 3)], "cut.jpg");
        }, 400, "cut short");
        yield return Bad("a path in the file name", (api, n) => api.UploadAsync(n, TestPhotos.Pdf(), "../../etc/passwd.pdf"), 400, "path");
        yield return Bad("a HEIC photo", (api, n) => api.UploadAsync(n, TestPhotos.Heic(), "IMG_0001.HEIC", contentType: "image/heic"), 415, "HEIC");
        yield return Bad("an unknown origin", (api, n) => api.UploadAsync(n, TestPhotos.Pdf(), "a.pdf", origin: "neighbour"), 400, "caller");
        yield return Bad("multipart without the file", (api, n) =>
        {
            var form = new MultipartFormDataContent { { new StringContent("caller"), "origin" } };
            return api.PostAsync(new Uri($"/api/cases/{n}/attachments", UriKind.Relative), form);
        }, 400, "no part named 'file'");
        yield return Bad("two files in one request", (api, n) =>
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(TestPhotos.Pdf()), "file", "a.pdf" }, { new ByteArrayContent(TestPhotos.Pdf()), "file", "b.pdf" } };
            return api.PostAsync(new Uri($"/api/cases/{n}/attachments", UriKind.Relative), form);
        }, 400, "One file per request");
        yield return Bad("JSON instead of a form", (api, n) =>
            api.PostAsJsonAsync(new Uri($"/api/cases/{n}/attachments", UriKind.Relative), new { file = "aGVsbG8=" }), 415, "multipart/form-data");
    }

    [TestCaseSource(nameof(BadUploads))]
    public async Task A_bad_upload_is_a_4xx_naming_the_problem_and_stores_nothing(Func<HttpClient, string, Task<HttpResponseMessage>> send, int status,
        string says)
    {
        var @case = await Dispatched();
        var (blobs, rows, audit) = (BlobCount(), await RowCount("case_attachments"), await RowCount("case_audit"));

        using var response = await send(Hotline.Api, @case.Number);
        var problem = await response.ProblemAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status), problem.ToString());
            Assert.That(problem.ToString(), Does.Contain(says));
            Assert.That(BlobCount(), Is.EqualTo(blobs), "no blob stored");
            Assert.That(await RowCount("case_attachments"), Is.EqualTo(rows), "no file row");
            Assert.That(await RowCount("case_audit"), Is.EqualTo(audit), "no audit row");
        });
    }

    [Test]
    public async Task Too_many_files_on_a_case_are_refused_before_anything_is_stored()
    {
        var @case = await Dispatched();
        for (var i = 0; i < MaxPerCase; i++)
        {
            await Hotline.Api.AttachAsync(@case.Number, TestPhotos.Png(20 + i, 20), $"{i}.png");
        }

        var blobs = BlobCount();
        using var response = await Hotline.Api.UploadAsync(@case.Number, TestPhotos.Png(99, 20), "one-more.png");
        var problem = await response.ProblemAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(problem.GetProperty("errors").GetProperty("file")[0].GetString(), Does.Contain("Attachments:MaxPerCase"));
            Assert.That(BlobCount(), Is.EqualTo(blobs));
            Assert.That(await Hotline.Api.AttachmentsAsync(@case.Number), Has.Count.EqualTo(MaxPerCase));
        });
    }

    [Test]
    public async Task A_recording_and_a_document_keep_their_bytes_as_sent()
    {
        var @case = await Dispatched();
        var wav = TestPhotos.Wav();

        var recording = await Hotline.Api.AttachAsync(@case.Number, wav, "call.wav", origin: "caller");

        Assert.Multiple(async () =>
        {
            Assert.That(recording.Kind, Is.EqualTo("audio"));
            Assert.That(recording.MediaType, Is.EqualTo("audio/wav"));
            Assert.That(await Download(Hotline.Api, recording), Is.EqualTo(wav));
            Assert.That(await Db.ScalarAsync<long>($"select count(*) from case_attachments where id = '{recording.Id}' and attached_seq is not null"),
                Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_reply_names_its_rectification_photos_and_the_history_seals_them()
    {
        var @case = await Dispatched();
        var um = await As("um.handler");
        await um.ActAsync(@case.Number, "sign");
        var before = await um.AttachAsync(@case.Number, TestPhotos.JpegWithGps(), "整改前.jpg");
        var after = await um.AttachAsync(@case.Number, TestPhotos.Png(), "整改后.png");

        var replied = await um.ActAsync(@case.Number, "reply", new TextRequest("已清理完毕", [before.Id, after.Id]));
        var history = await um.GetHistoryAsync(@case.Number);
        var files = await um.AttachmentsAsync(@case.Number);
        using var twice = await (await As("visitor1")).PostActionAsync(@case.Number, "return-visits",
            new ReturnVisitRequest(true, true, "satisfied", null, [after.Id]));

        Assert.Multiple(async () =>
        {
            Assert.That(replied.Status, Is.EqualTo("resolved"));
            Assert.That(history[^1].Action, Is.EqualTo("reply"));
            Assert.That(history[^1].Reason, Does.Contain(before.Id.ToString()).And.Contain(after.Id.ToString()));
            Assert.That(files.Select(f => (f.CitedBy, f.CitedSeq)), Is.All.EqualTo(("reply", (int?)history[^1].Seq)));
            Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "a file is cited once");
            Assert.That((await twice.ProblemAsync()).GetProperty("errors").TryGetProperty("attachmentIds[0]", out _), Is.True);
        });
    }

    [Test]
    public async Task A_note_cannot_cite_a_file_of_another_case()
    {
        var mine = await Dispatched();
        var other = await Dispatched();
        var theirs = await Hotline.Api.AttachAsync(other.Number, TestPhotos.Pdf(), "x.pdf");

        using var response = await Hotline.Api.PostActionAsync(mine.Number, "notes", new TextRequest("见附件", [theirs.Id]));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((await Hotline.Api.GetHistoryAsync(mine.Number))[^1].Action, Is.Not.EqualTo("add-note"), "nothing was done");
        });
    }

    [Test]
    public async Task A_recording_the_telephony_system_keeps_is_linked_by_its_id_and_nothing_is_stored()
    {
        var @case = await Dispatched();
        var blobs = BlobCount();
        var form = new MultipartFormDataContent { { new StringContent("call-20260601-0931-7781"), "recordingId" } };

        using var response = await (await As("dispatcher1")).PostAsync(new Uri($"/api/cases/{@case.Number}/attachments", UriKind.Relative), form);
        var link = await response.Content.ReadFromJsonAsync<AttachmentView>(ApiClient.Json);
        using var both = await Hotline.Api.PostAsync(new Uri($"/api/cases/{@case.Number}/attachments", UriKind.Relative), new MultipartFormDataContent
        {
            { new StringContent("call-1"), "recordingId" }, { new ByteArrayContent(TestPhotos.Wav()), "file", "call.wav" },
        });

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(link!.Kind, Is.EqualTo("recording-link"));
            Assert.That(link.Origin, Is.EqualTo("caller"), "a recording is the caller's voice");
            Assert.That((link.Sha256, link.ContentUrl, link.Size), Is.EqualTo(((string?)null, (string?)null, 0L)));
            Assert.That(BlobCount(), Is.EqualTo(blobs));
            Assert.That((await Hotline.Api.GetHistoryAsync(@case.Number))[^1].Reason, Does.Contain("recording call-20260601-0931-7781"));
            Assert.That(both.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a file or a link, not both");
        });
    }
}
