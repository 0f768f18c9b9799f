using System.Net;
using System.Net.Http.Json;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Cases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.Attachments;

/// <summary>
/// Files uploaded before the case exists (POST /api/attachments): the filing that names them attaches them in its own transaction and
/// its audit entry names each; until then they are their uploader's alone, a file is named by one filing only, a filing naming what
/// it may not records nothing, and a file never filed goes after the grace, its blob with it.
/// </summary>
[Category("Integration")]
public sealed class StagedAttachmentSpecs : HotlineFixture
{
    private const int MaxStaged = 3;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(8)));

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Attachments:MaxStagedPerPerson"] = MaxStaged.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private Task<long> Cases() => Db.ScalarAsync<long>("select count(*) from cases");

    private static async Task<HttpResponseMessage> Get(HttpClient client, string url) => await client.GetAsync(new Uri(url, UriKind.Relative));

    [Test]
    public async Task A_photo_uploaded_during_the_call_is_carried_by_the_case_from_its_filing()
    {
        var agent = await As("agent1");
        var photo = await agent.StageAsync(TestPhotos.JpegWithGps(640, 480), "垃圾桶.jpg");
        using var before = await Get(agent, photo.ThumbnailUrl!);

        var filed = await agent.FileCaseAsync(Requests.NightNoise() with { AttachmentIds = [photo.Id] });
        var files = await agent.AttachmentsAsync(filed.Number);
        var history = await agent.GetHistoryAsync(filed.Number);
        using var stagedAfter = await Get(agent, photo.ContentUrl!);
        using var throughCase = await Get(agent, files[0].ContentUrl!);
        var verified = await (await As("supervisor1")).GetFromJsonAsync<AuditVerification>($"/api/cases/{filed.Number}/audit/verify", ApiClient.Json);

        Assert.Multiple(async () =>
        {
            Assert.That(photo.CaseNumber, Is.Null);
            Assert.That(photo.Origin, Is.EqualTo("caller"), "an agent's upload is the caller's by default");
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK), "its uploader sees the thumbnail before filing");
            Assert.That(files.Select(f => f.Id), Is.EqualTo(new[] { photo.Id }));
            Assert.That(files[0].CaseNumber, Is.EqualTo(filed.Number));
            Assert.That(files[0].Sha256, Is.EqualTo(photo.Sha256));
            Assert.That(history, Has.Count.EqualTo(1), "attached by the filing itself, not by a change after it");
            Assert.That(history[0].Action, Is.EqualTo("file"));
            Assert.That(history[0].Reason, Does.Contain(photo.Id.ToString()).And.Contain(photo.Sha256!));
            Assert.That(stagedAfter.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "once filed, read through the case");
            Assert.That(throughCase.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await Db.ScalarAsync<int>($"select attached_seq from case_attachments where id = '{photo.Id}'"), Is.EqualTo(1));
            Assert.That(verified!.Intact, Is.True, "the filing's entry naming the file is sealed on the chain");
        });
    }

    [Test]
    public async Task A_staged_file_is_its_uploaders_alone_and_a_filing_naming_anothers_records_nothing()
    {
        var photo = await (await As("agent1")).StageAsync(TestPhotos.Png(), "a.png");
        var other = await As("agent2");
        var cases = await Cases();

        using var read = await Get(other, photo.ContentUrl!);
        using var filing = await other.FileAsync(Requests.NightNoise() with { AttachmentIds = [photo.Id] });
        var problem = await filing.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();

        Assert.Multiple(async () =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(filing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem!.Errors.Keys, Is.EquivalentTo(new[] { "attachmentIds[0]" }));
            Assert.That(await Cases(), Is.EqualTo(cases), "no case half-recorded");
            Assert.That(await Db.ScalarAsync<long>($"select count(*) from case_attachments where id = '{photo.Id}' and case_id is null"), Is.EqualTo(1),
                "still waiting for its own uploader's filing");
        });
    }

    [Test]
    public async Task A_staged_file_is_named_by_one_filing_only()
    {
        var agent = await As("agent1");
        var photo = await agent.StageAsync(TestPhotos.Png(), "a.png");
        var first = await agent.FileCaseAsync(Requests.NightNoise() with { AttachmentIds = [photo.Id] });
        var cases = await Cases();

        using var second = await agent.FileAsync(Requests.NightNoise("又一个") with { AttachmentIds = [photo.Id] });

        Assert.Multiple(async () =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await second.Content.ReadAsStringAsync());
            Assert.That(await Cases(), Is.EqualTo(cases));
            Assert.That((await agent.AttachmentsAsync(first.Number)).Select(f => f.Id), Is.EqualTo(new[] { photo.Id }));
        });
    }

    [Test]
    public async Task Two_filings_racing_for_one_staged_file_attach_it_once()
    {
        var agent = await As("agent1");
        var photo = await agent.StageAsync(TestPhotos.Png(), "a.png");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            using var response = await agent.FileAsync(Requests.NightNoise($"并发{i}") with { AttachmentIds = [photo.Id] });
            return response.StatusCode;
        }));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Count(a => a == HttpStatusCode.Created), Is.EqualTo(1), string.Join(", ", answers));
            Assert.That(answers.Count(a => a == HttpStatusCode.BadRequest), Is.EqualTo(3));
            Assert.That(await Cases(), Is.EqualTo(1));
            Assert.That(await Db.ScalarAsync<long>($"select count(*) from case_attachments where id = '{photo.Id}' and case_id is not null"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_file_never_filed_is_removed_after_the_grace_and_its_blob_with_it()
    {
        var agent = await As("agent1");
        var kept = await agent.StageAsync(TestPhotos.Png(), "kept.png");
        var abandoned = await agent.StageAsync(TestPhotos.JpegWithGps(320, 240), "abandoned.jpg");
        await agent.FileCaseAsync(Requests.NightNoise() with { AttachmentIds = [kept.Id] });
        var api = Hotline.ApiServices;
        var store = (FileSystemBlobStore)api.GetRequiredService<IBlobStore>();
        var housekeeping = api.GetRequiredService<BlobHousekeeping>();

        var early = await housekeeping.SweepAsync(CancellationToken.None);
        _clock.Advance(api.GetRequiredService<IOptions<AttachmentOptions>>().Value.OrphanGrace + TimeSpan.FromMinutes(1));
        var late = await housekeeping.SweepAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(early.ExpiredStaged, Is.Zero, "within the grace it waits");
            Assert.That(late.ExpiredStaged, Is.EqualTo(1));
            Assert.That(await Db.ScalarAsync<long>($"select count(*) from case_attachments where id = '{abandoned.Id}'"), Is.Zero);
            Assert.That(File.Exists(store.PathOf(abandoned.Sha256!)), Is.False, "its photo is gone");
            Assert.That(File.Exists(store.PathOf(kept.Sha256!)), Is.True, "the filed one stays");
        });
    }

    [Test]
    public async Task One_person_may_have_only_so_many_files_waiting()
    {
        var agent = await As("agent1");
        for (var i = 0; i < MaxStaged; i++)
        {
            await agent.StageAsync(TestPhotos.Png(), $"{i}.png");
        }

        using var refused = await agent.UploadStagedAsync(TestPhotos.Png(), "more.png");
        var problem = await refused.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(problem!.Errors.Keys, Is.EquivalentTo(new[] { "file" }));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from case_attachments"), Is.EqualTo(MaxStaged));
            Assert.That(await (await As("agent2")).UploadStagedAsync(TestPhotos.Png(), "x.png") is { StatusCode: HttpStatusCode.Created },
                "another person's count is their own");
        });
    }
}
