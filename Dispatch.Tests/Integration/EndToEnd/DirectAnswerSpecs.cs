using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Contracts;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// 直接办结 at intake, with the router running: a call the agent answered on it is filed and closed in one step, audited as both, and
/// never routed — no <see cref="CaseFiled"/> is published, so it cannot lose the race to the router that closing a filed case could.
/// </summary>
[Category("Integration")]
public sealed class DirectAnswerSpecs : HotlineFixture
{
    private static FileCaseRequest Answered(string answer = "公积金提取可在线办理，材料为身份证和租房合同", params long?[] cited) =>
        Requests.NightNoise("公积金提取") with
        {
            RequestType = "consultation", CategoryCode = "100102", Content = "我想把公积金取出来付房租", DirectAnswer = new DirectAnswerInput(answer, cited),
        };

    private Task<Guid> IdOf(string number) => Db.ScalarAsync<Guid>("select id from cases where number = @Number", new { Number = number });

    private async Task<CaseView> FiledAnswered(FileCaseRequest request)
    {
        using var response = await Hotline.Api.FileAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
    }

    [Test]
    public async Task A_call_answered_on_it_is_filed_closed_and_never_routed()
    {
        using var published = Hotline.RecordPublished();
        var answered = await FiledAnswered(Answered());
        var id = await IdOf(answered.Number);
        // A case filed for dispatch after it: once the router has dispatched that one, it has had every chance to act on this one.
        var marker = await Hotline.Api.FileCaseAsync(Requests.NightNoise("之后的来电"));
        await Hotline.Api.WaitForStatusAsync(marker.Number, "dispatched");
        await Poller.UntilAsync(() => Task.FromResult(published.For<CaseClosed>(id).Count), n => n > 0, "the direct answer's CaseClosed to be published");

        var after = await Hotline.Api.GetCaseAsync(answered.Number);
        var history = await Hotline.Api.GetHistoryAsync(answered.Number);
        Assert.Multiple(async () =>
        {
            Assert.That((answered.Status, answered.Version, answered.CloseOutcome, answered.Reply),
                Is.EqualTo(("closed", 2, (string?)"direct", (string?)"公积金提取可在线办理，材料为身份证和租房合同")));
            Assert.That((answered.LeadDepartmentCode, answered.DispatchedAt, answered.NextDueAt, answered.ClosedAt), Is.EqualTo(((string?)null,
                (DateTimeOffset?)null, (DateTimeOffset?)null, answered.FiledAt)));
            Assert.That((after.Status, after.Version), Is.EqualTo(("closed", 2)), "the router never touched it");
            Assert.That(history.Select(h => (h.Seq, h.Action, h.FromState, h.ToState, h.Actor)), Is.EqualTo(new[]
            {
                (1, "file", (string?)null, "filed", "agent:agent1"), (2, "close-directly", "filed", "closed", "agent:agent1"),
            }), "filed, then closed directly; no dispatch");
            Assert.That(published.For<CaseFiled>(id), Is.Empty, "nothing to route");
            Assert.That(published.For<CaseClosed>(id).Select(m => m.Message.Outcome), Is.EqualTo(new[] { "direct" }));
            Assert.That(published.For<CaseDispatched>(id), Is.Empty);
            Assert.That(await Db.ScalarAsync<long>("select count(*) from case_clocks where case_id = @Id", new { Id = id }), Is.Zero, "no clock started");
            Assert.That(await Db.ScalarAsync<long>("select count(*) from outbox where case_id = @Id and message_type like '%CaseFiled%'", new { Id = id }),
                Is.Zero);
        });
    }

    [Test]
    public async Task Its_audit_trail_verifies_and_names_the_entries_it_cites_which_are_kept_for_the_report()
    {
        var rent = await KnowledgeEntries.InsertAsync(Db, "公积金租房提取");
        var online = await KnowledgeEntries.InsertAsync(Db, "公积金线上办理渠道");

        var answered = await FiledAnswered(Answered("可在线提取", online, rent));
        var id = await IdOf(answered.Number);
        var history = await Hotline.Api.GetHistoryAsync(answered.Number);
        using var verify = await (await As("supervisor1")).GetAsync(new Uri($"/api/cases/{answered.Number}/audit/verify", UriKind.Relative));
        var verdict = await verify.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(async () =>
        {
            Assert.That(verdict.GetProperty("intact").GetBoolean(), Is.True, verdict.ToString());
            Assert.That((verdict.GetProperty("rows").GetInt32(), verdict.GetProperty("version").GetInt32()), Is.EqualTo((2, 2)));
            Assert.That(history[1].KnowledgeEntryIds, Is.EqualTo(new[] { online, rent }), "the close's audit row names them, in the order cited");
            Assert.That(history[0].KnowledgeEntryIds, Is.Null);
            Assert.That(await Db.QueryAsync<(long, string)>(
                    "select entry_id, cited_by from knowledge_citations where case_id = @Id order by entry_id", new { Id = id }),
                Is.EqualTo(new[] { (rent, "agent:agent1"), (online, "agent:agent1") }.OrderBy(c => c.Item1)));
        });
    }

    [Test]
    public async Task An_entry_that_is_not_published_is_refused_naming_it_and_nothing_is_written()
    {
        var published = await KnowledgeEntries.InsertAsync(Db, "社保卡挂失");
        var draft = await KnowledgeEntries.InsertAsync(Db, "社保卡补办（草稿）", status: "draft");
        var archived = await KnowledgeEntries.InsertAsync(Db, "社保卡旧流程", status: "archived");
        var before = await Db.ScalarAsync<long>("select count(*) from cases");

        using var withDraft = await Hotline.Api.FileAsync(Answered("已解答", published, draft));
        using var withArchived = await Hotline.Api.FileAsync(Answered("已解答", archived));
        using var withNone = await Hotline.Api.FileAsync(Answered("已解答", 987654321));

        Assert.Multiple(async () =>
        {
            foreach (var (response, field) in new[] { (withDraft, "directAnswer.knowledgeEntryIds[1]"), (withArchived, "directAnswer.knowledgeEntryIds[0]"),
                         (withNone, "directAnswer.knowledgeEntryIds[0]") })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That((await response.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { field }));
            }

            Assert.That(await Db.ScalarAsync<long>("select count(*) from cases"), Is.EqualTo(before));
        });
    }

    [TestCase("complaint")]
    [TestCase("report")]
    public async Task A_complaint_or_a_report_is_not_answered_at_intake_and_nothing_is_written(string requestType)
    {
        var before = await Db.ScalarAsync<long>("select count(*) from cases");

        using var response = await Hotline.Api.FileAsync(Answered() with { RequestType = requestType });

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await response.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "requestType" }));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from cases"), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Only_an_agent_answers_at_intake_a_dispatcher_is_refused_and_nothing_is_written()
    {
        var before = await Db.ScalarAsync<long>("select count(*) from cases");

        using var response = await (await As("dispatcher1")).FileAsync(Answered());
        var problem = await response.ProblemAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("directAnswer: 'close-directly' is for agent, not dispatcher."));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from cases"), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task A_retry_with_the_same_idempotency_key_answers_the_closed_case_and_writes_nothing_twice()
    {
        var key = Guid.NewGuid().ToString();
        var entry = await KnowledgeEntries.InsertAsync(Db, "燃气开户");
        var before = await Db.ScalarAsync<long>("select count(*) from knowledge_citations");

        using var first = await Hotline.Api.FileAsync(Answered("可在营业厅办理", entry), key);
        using var again = await Hotline.Api.FileAsync(Answered("可在营业厅办理", entry), key);
        using var other = await Hotline.Api.FileAsync(Answered("另一个答复", entry), key);
        var (created, replayed) = (await first.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json), await again.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json));

        Assert.Multiple(async () =>
        {
            Assert.That((first.StatusCode, again.StatusCode, other.StatusCode),
                Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity)));
            Assert.That((replayed!.Number, replayed.Status, replayed.Version), Is.EqualTo((created!.Number, "closed", 2)));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from knowledge_citations"), Is.EqualTo(before + 1));
        });
    }

    [Test]
    public async Task The_KPI_report_counts_it_as_closed_directly_in_the_centers_row()
    {
        var supervisor = await As("supervisor1");
        // The row of the cases no department leads; none before the first such case.
        async Task<JsonElement> CenterRow() => (await supervisor.GetFromJsonAsync<JsonElement>("/api/reports/kpi?groupBy=department"))
            .GetProperty("rows").EnumerateArray().SingleOrDefault(r => r.GetProperty("keys").GetProperty("department").ValueKind == JsonValueKind.Null);
        long Count(JsonElement row, string count) => row.ValueKind == JsonValueKind.Undefined ? 0 : row.GetProperty("counts").GetProperty(count).GetInt64();
        var before = await CenterRow();

        await FiledAnswered(Answered());
        var after = await CenterRow();

        Assert.Multiple(() =>
        {
            Assert.That(Count(after, "closedDirectly") - Count(before, "closedDirectly"), Is.EqualTo(1));
            Assert.That(Count(after, "received") - Count(before, "received"), Is.EqualTo(1));
            Assert.That(Count(after, "dispatched"), Is.Zero);
            Assert.That(after.GetProperty("labels").GetProperty("department").GetString(), Is.EqualTo("示范区12345热线中心"));
        });
    }
}
