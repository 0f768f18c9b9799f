using System.Net.Http.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Privacy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The retention policy on the real API and database, with a clock the spec moves and the job run explicitly: a case closed more than
/// 36 months ago (Retention:CallerDataMonths' default) loses its caller's name and phone and its visits' comments, once, with one audit
/// row that keeps the chain whole. Each spec works in years of its own, so what one leaves due is never another's to count.
/// </summary>
[Category("Integration")]
public sealed class CallerRetentionSpecs : HotlineFixture
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 1, 10, 10, 0, 0, Beijing));

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    private CallerDataRetention Job(int batchSize = 100) => new(Db.Database, _clock, TestAuditKeys.Ring, Options.Create(new RetentionOptions { BatchSize = batchSize }),
        Options.Create(new HotlineOptions()), NullLogger<CallerDataRetention>.Instance);

    private static async Task<int> UntilCaughtUp(CallerDataRetention job)
    {
        var total = 0;
        int batch;
        do
        {
            batch = await job.AnonymiseOnceAsync(CancellationToken.None);
            total += batch;
        }
        while (batch > 0);

        return total;
    }

    private static FileCaseRequest Consultation(string phone, bool confidential = false) => Requests.NightNoise() with
    {
        RequestType = "consultation", CategoryCode = "100102", Caller = new CallerInput("王小明", phone, confidential),
    };

    private async Task<string> ClosedDirectly(string phone, bool confidential = false)
    {
        var filed = await Hotline.Api.FileCaseAsync(Consultation(phone, confidential));
        await Hotline.Api.ActAsync(filed.Number, "close-directly", new CloseDirectlyRequest("已解答"));
        return filed.Number;
    }

    private async Task<AuditVerification> Verify(string number) =>
        (await (await As("supervisor1")).GetFromJsonAsync<AuditVerification>(new Uri($"/api/cases/{number}/audit/verify", UriKind.Relative), ApiClient.Json))!;

    private Task<IReadOnlyList<string?>> VisitComments(string number) => Db.QueryAsync<string?>(
        "select comment from case_visits where case_id = (select id from cases where number = @number) order by attempt", new { number });

    [Test]
    public async Task The_callers_own_files_go_with_their_identity_and_the_staffs_evidence_stays()
    {
        _clock.Set(new DateTimeOffset(2031, 3, 3, 10, 0, 0, Beijing));
        var agent = await As("agent1");
        var sent = await agent.StageAsync(TestPhotos.JpegWithGps(320, 240), "市民拍摄.jpg");
        var number = (await agent.FileCaseAsync(Consultation("13911110031") with { AttachmentIds = [sent.Id] })).Number;
        var evidence = await (await As("dispatcher1")).AttachAsync(number, TestPhotos.Pdf(), "告知书.pdf", origin: "staff");
        await agent.ActAsync(number, "close-directly", new CloseDirectlyRequest("已解答"));

        _clock.Set(new DateTimeOffset(2034, 3, 4, 10, 0, 0, Beijing));
        await UntilCaughtUp(Job());
        var left = await (await As("dispatcher1")).AttachmentsAsync(number);
        var history = await (await As("dispatcher1")).GetHistoryAsync(number);

        Assert.Multiple(async () =>
        {
            Assert.That(left.Select(f => f.Id), Is.EqualTo(new[] { evidence.Id }), "the caller's photo is gone, the center's PDF stays");
            Assert.That(history[^1].Reason, Does.Contain("the caller's own files"));
            Assert.That(await Db.ScalarAsync<long>($"select count(*) from case_attachments where sha256 = '{sent.Sha256}'"), Is.Zero,
                "nothing names the photo's bytes now: the blob housekeeping removes them after its grace");
            Assert.That((await Verify(number)).Intact, Is.True, "the filing's entry that named the file still verifies");
        });
    }

    [Test]
    public async Task A_case_closed_36_months_and_a_day_ago_loses_its_callers_identity_once_and_its_audit_chain_holds()
    {
        var closing = new DateTimeOffset(2030, 1, 10, 10, 0, 0, Beijing);
        _clock.Set(closing);
        var old = await ClosedDirectly("13911110001", confidential: true);

        var visited = (await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { Caller = new CallerInput("王小明", "13911110002", false) })).Number;
        await (await As("dispatcher1")).ActAsync(visited, "dispatch", new DispatchRequest("UM", [], null));
        await (await As("um.handler")).ActAsync(visited, "sign");
        await (await As("um.handler")).ActAsync(visited, "reply", new TextRequest("已处理"));
        await (await As("visitor1")).ActAsync(visited, "return-visits", new ReturnVisitRequest(false, null, null, "无人接听"));
        await (await As("visitor1")).ActAsync(visited, "return-visits", new ReturnVisitRequest(true, true, "satisfied", "表示满意，工地已停工"));
        // What the caller said is kept with the visit, where retention can reach it, never in the sealed history.
        var visitsBefore = await (await As("visitor1")).GetFromJsonAsync<List<ReturnVisit>>(new Uri($"/api/cases/{visited}/visits", UriKind.Relative), ApiClient.Json);
        var historyBefore = await (await As("dispatcher1")).GetHistoryAsync(visited);
        Assert.That(visitsBefore!.Select(v => (v.Attempt, v.Reached, v.Comment)), Is.EqualTo(new[] { (1, false, (string?)"无人接听"), (2, true, "表示满意，工地已停工") }));
        Assert.That(historyBefore.Select(h => h.Reason ?? ""), Has.None.Contain("无人接听").And.None.Contain("工地已停工"));

        var master = (await Hotline.Api.FileCaseAsync(Consultation("13911110003"))).Number;
        var follower = (await Hotline.Api.FileCaseAsync(Consultation("13911110004"))).Number;
        await (await As("dispatcher1")).ActAsync(follower, "merge", new MergeRequest(master, null));
        await Hotline.Api.ActAsync(master, "close-directly", new CloseDirectlyRequest("已解答"));

        var open = (await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { Caller = new CallerInput("王小明", "13911110005", false) })).Number;
        await (await As("dispatcher1")).ActAsync(open, "dispatch", new DispatchRequest("UM", [], null));

        _clock.Set(new DateTimeOffset(2030, 2, 11, 10, 0, 0, Beijing));
        var recent = await ClosedDirectly("13911110006");

        string[] due = [old, visited, master, follower];
        var versionsBefore = new Dictionary<string, int>();
        foreach (var number in due.Append(recent).Append(open))
        {
            versionsBefore[number] = (await Hotline.Api.GetCaseAsync(number)).Version;
        }

        // 36 months and a day after the first closings; the recent one closed 35 months ago.
        _clock.Set(new DateTimeOffset(2033, 1, 11, 10, 0, 0, Beijing));
        var anonymised = await UntilCaughtUp(Job(batchSize: 3));
        var again = await UntilCaughtUp(Job());
        var accessesBefore = await Db.ScalarAsync<long>("select count(*) from personal_data_access");

        var dispatcher = await As("dispatcher1");
        foreach (var number in due)
        {
            var view = await dispatcher.GetCaseAsync(number);
            var history = await dispatcher.GetHistoryAsync(number);
            var verification = await Verify(number);
            Assert.Multiple(() =>
            {
                Assert.That((view.Caller.Name, view.Caller.Phone), Is.EqualTo(((string?)null, (string?)null)), number);
                Assert.That((view.Status, view.Version), Is.EqualTo(("closed", versionsBefore[number] + 1)), number);
                Assert.That(history.Where(h => h.Action == "anonymise-caller").Select(h => (h.FromState, h.ToState, h.Actor, h.Seq)),
                    Is.EqualTo(new[] { ((string?)"closed", "closed", "system:retention", view.Version) }), number);
                Assert.That(history[^1].Reason, Does.Contain("36 months").And.Not.Contain("王小明").And.Not.Contain("1391111"), number);
                Assert.That((verification.Intact, verification.Rows), Is.EqualTo((true, view.Version)), number);
            });
        }

        var oldView = await dispatcher.GetCaseAsync(old);
        var recentView = await dispatcher.GetCaseAsync(recent);
        var openView = await dispatcher.GetCaseAsync(open);
        Assert.Multiple(async () =>
        {
            Assert.That(anonymised, Is.GreaterThanOrEqualTo(due.Length));
            Assert.That(again, Is.Zero, "a case anonymised once is not touched again");
            Assert.That(oldView.Caller.Confidential, Is.True, "whether the caller asked for confidentiality stays");
            Assert.That(await VisitComments(visited), Is.EqualTo(new string?[] { null, null }));
            Assert.That((await dispatcher.GetFromJsonAsync<List<ReturnVisit>>(new Uri($"/api/cases/{visited}/visits", UriKind.Relative), ApiClient.Json))!
                .Select(v => v.Comment), Is.EqualTo(new string?[] { null, null }));
            Assert.That((recentView.Caller.Name, recentView.Caller.Phone, recentView.Version), Is.EqualTo(("王小明", "13911110006", versionsBefore[recent])));
            Assert.That((openView.Caller.Phone, openView.Version), Is.EqualTo(("13911110005", versionsBefore[open])));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from personal_data_access"), Is.EqualTo(accessesBefore + 2),
                "reading an anonymised case discloses no one: only the recent and the open case's reads are recorded");
        });

        // However long it stays open, an open case keeps its caller.
        _clock.Set(new DateTimeOffset(2063, 1, 11, 10, 0, 0, Beijing));
        await UntilCaughtUp(Job());
        Assert.That((await dispatcher.GetCaseAsync(open)).Caller.Phone, Is.EqualTo("13911110005"));
    }

    [Test]
    public async Task Several_jobs_at_once_anonymise_each_due_case_exactly_once()
    {
        _clock.Set(new DateTimeOffset(2040, 3, 1, 10, 0, 0, Beijing));
        var closed = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            closed.Add(await ClosedDirectly($"1381111{i:0000}"));
        }

        _clock.Set(new DateTimeOffset(2043, 3, 2, 10, 0, 0, Beijing));
        var counts = await Task.WhenAll(UntilCaughtUp(Job(batchSize: 2)), UntilCaughtUp(Job(batchSize: 2)), UntilCaughtUp(Job(batchSize: 2)));

        var rows = await Db.QueryAsync<string>("""
            select c.number from case_audit a join cases c on c.id = a.case_id
            where a.action = 'anonymise-caller' and c.number = any(@numbers)
            """, new { numbers = closed.ToArray() });
        Assert.Multiple(() =>
        {
            Assert.That(rows.Order(), Is.EqualTo(closed.Order()), "one audit row per case");
            Assert.That(counts.Sum(), Is.GreaterThanOrEqualTo(closed.Count));
        });
    }
}
