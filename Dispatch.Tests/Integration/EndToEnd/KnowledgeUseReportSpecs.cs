using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The knowledge-use report over an October the spec writes with a clock it moves, and close-directly citing entries. Entries: "rent"
/// (HOUSING) and "online" (GOV) published, "draft" not. Wednesday 2026-09-30 a direct answer cites "online" (before the period).
/// Monday 2026-10-12 (Beijing) three consultations are answered at intake citing rent and online, rent, and nothing; a fourth is filed
/// and closed directly citing rent; a fifth is filed and its close citing the draft is refused, so it stays filed; a complaint is
/// filed. Searches: 停水 three times and 社保 once found nothing, 公积金 found entries, 停电 found nothing in September.
/// </summary>
[Category("Integration")]
public sealed class KnowledgeUseReportSpecs : HotlineFixture
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly ManualClock _clock = new(Bj(9, 30, 9));
    private readonly Dictionary<string, long> _entries = [];
    private string _closedLater = "";
    private string _refused = "";
    private HttpResponseMessage _refusal = null!;

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    private static DateTimeOffset Bj(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Beijing);

    private static FileCaseRequest Consultation(string title, DirectAnswerInput? answer = null) => Requests.NightNoise(title) with
    {
        RequestType = "consultation", CategoryCode = "100102", DirectAnswer = answer,
    };

    [OneTimeSetUp]
    public async Task AnOctoberOfDirectAnswers()
    {
        foreach (var (name, department, status) in new[] { ("rent", "HOUSING", "published"), ("online", "GOV", "published"), ("draft", "GOV", "draft") })
        {
            _entries[name] = await KnowledgeEntries.InsertAsync(Db, $"公积金{name}", status, department);
        }

        var agent = Hotline.Api;
        await agent.FileCaseAsync(Consultation("九月的咨询", new("已解答", [_entries["online"]])));
        await KnowledgeEntries.RecordSearchAsync(Db, "停电", 0, Bj(9, 30, 10));

        _clock.Set(Bj(10, 12, 9));
        await agent.FileCaseAsync(Consultation("咨询一", new("已解答", [_entries["rent"], _entries["online"]])));
        await agent.FileCaseAsync(Consultation("咨询二", new("已解答", [_entries["rent"]])));
        await agent.FileCaseAsync(Consultation("咨询三", new("已解答", null)));
        _closedLater = (await agent.FileCaseAsync(Consultation("咨询四"))).Number;
        await agent.ActAsync(_closedLater, "close-directly", new CloseDirectlyRequest("回电答复", [_entries["rent"]]));
        _refused = (await agent.FileCaseAsync(Consultation("咨询五"))).Number;
        _refusal = await agent.PostActionAsync(_refused, "close-directly", new CloseDirectlyRequest("回电答复", [_entries["draft"]]));
        await agent.FileCaseAsync(Requests.NightNoise("投诉"));

        foreach (var at in new[] { Bj(10, 12, 10), Bj(10, 12, 10, 30), Bj(10, 13, 8) })
        {
            await KnowledgeEntries.RecordSearchAsync(Db, "停水", 0, at);
        }

        await KnowledgeEntries.RecordSearchAsync(Db, "社保", 0, Bj(10, 12, 11));
        await KnowledgeEntries.RecordSearchAsync(Db, "公积金", 4, Bj(10, 12, 11));
        _clock.Set(Bj(10, 14, 9));
    }

    [OneTimeTearDown]
    public void DisposeRefusal() => _refusal?.Dispose();

    private async Task<JsonElement> Get(string user, string path)
    {
        using var response = await (await As(user)).GetAsync(new Uri(path, UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Test]
    public async Task It_lists_the_entries_cited_most_the_searches_that_found_nothing_and_the_direct_answer_rate_by_category()
    {
        var report = await Get("supervisor1", "/api/reports/knowledge-use?from=2026-10-01&to=2026-10-31");
        var total = report.GetProperty("directAnswersTotal");

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("mostCited").EnumerateArray().Select(e => (e.GetProperty("id").GetInt64(), e.GetProperty("title").GetString(),
                    e.GetProperty("departmentCode").GetString(), e.GetProperty("departmentName").GetString(), e.GetProperty("citations").GetInt64())),
                Is.EqualTo(new[]
                {
                    (_entries["rent"], "公积金rent", "HOUSING", "区住房和城乡建设局", 3L),
                    (_entries["online"], "公积金online", "GOV", "区政府办公室", 1L),
                }), "September's citation of online is outside the period; the refused one was never written");
            Assert.That(report.GetProperty("searchesWithoutResults").EnumerateArray().Select(s => (s.GetProperty("query").GetString(),
                    s.GetProperty("searches").GetInt64(), s.GetProperty("lastSearchedAt").GetDateTimeOffset())),
                Is.EqualTo(new[] { ("停水", 3L, Bj(10, 13, 8)), ("社保", 1L, Bj(10, 12, 11)) }));
            Assert.That(report.GetProperty("directAnswersByCategory").EnumerateArray().Select(c => (c.GetProperty("categoryCode").GetString(),
                    c.GetProperty("categoryName").GetString(), c.GetProperty("received").GetInt64(), c.GetProperty("closedDirectly").GetInt64(),
                    c.GetProperty("rate").GetProperty("numerator").GetInt64(), c.GetProperty("rate").GetProperty("denominator").GetInt64())),
                Is.EqualTo(new[] { ("010201", "夜间施工噪声", 1L, 0L, 0L, 1L), ("100102", "办事指南", 5L, 4L, 4L, 5L) }));
            Assert.That((total.GetProperty("received").GetInt64(), total.GetProperty("closedDirectly").GetInt64(),
                total.GetProperty("rate").GetProperty("value").GetDouble()), Is.EqualTo((6L, 4L, 0.6667)));
            Assert.That(report.GetProperty("definitions").EnumerateArray().Select(d => d.GetProperty("key").GetString()),
                Is.EqualTo(new[] { "mostCited", "searchesWithoutResults", "directAnswers" }));
        });
    }

    [Test]
    public async Task The_limit_cuts_each_list_and_the_default_period_is_the_current_month()
    {
        var report = await Get("admin1", "/api/reports/knowledge-use?limit=1");

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("period").GetProperty("from").GetString(), Is.EqualTo("2026-10-01"));
            Assert.That(report.GetProperty("mostCited").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()), Is.EqualTo(new[] { _entries["rent"] }));
            Assert.That(report.GetProperty("searchesWithoutResults").EnumerateArray().Select(s => s.GetProperty("query").GetString()),
                Is.EqualTo(new[] { "停水" }));
            Assert.That(report.GetProperty("directAnswersByCategory").GetArrayLength(), Is.EqualTo(2), "categories are never cut");
        });
    }

    [Test]
    public async Task Close_directly_cites_published_entries_on_its_audit_row_and_refuses_one_that_is_not()
    {
        var history = await Hotline.Api.GetHistoryAsync(_closedLater);
        var refused = await Hotline.Api.GetCaseAsync(_refused);

        Assert.Multiple(async () =>
        {
            Assert.That((history[^1].Action, history[^1].Reason, history[^1].KnowledgeEntryIds),
                Is.EqualTo(("close-directly", (string?)"回电答复", new[] { _entries["rent"] })));
            Assert.That(_refusal.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "allowed in its state, but not as asked: as merging into no case");
            Assert.That((await _refusal.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name),
                Is.EqualTo(new[] { "knowledgeEntryIds[0]" }));
            Assert.That((refused.Status, refused.Version), Is.EqualTo(("filed", 1)), "nothing was written");
        });
    }

    [Test]
    public async Task It_exports_as_one_table_with_a_section_column()
    {
        using var csv = await (await As("supervisor1")).GetAsync(new Uri("/api/reports/knowledge-use?month=2026-10&format=csv", UriKind.Relative));
        var lines = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync()).AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(csv.Content.Headers.ContentDisposition!.FileName, Does.Contain("knowledge-use-20261001-20261031.csv"));
            Assert.That(lines[0], Is.EqualTo("section,key,name,department,departmentName,count,numerator,denominator,rate,lastSearchedAt"));
            Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(new[]
            {
                "mostCited", "mostCited", "searchesWithoutResults", "searchesWithoutResults", "directAnswers", "directAnswers", "directAnswers",
            }));
            Assert.That(lines, Does.Contain("searchesWithoutResults,,停水,,,3,,,,2026-10-13 08:00:00"));
            Assert.That(lines[^1], Is.EqualTo("directAnswers,(all),,,,6,4,6,0.6667,"));
        });
    }

    [TestCase("/api/reports/knowledge-use?limit=0", "limit")]
    [TestCase("/api/reports/knowledge-use?limit=101", "limit")]
    [TestCase("/api/reports/knowledge-use?format=pdf", "format")]
    [TestCase("/api/reports/knowledge-use?month=2026-13", "month")]
    [TestCase("/api/reports/knowledge-use?from=2026-10-01", "to")]
    [TestCase("/api/reports/knowledge-use?from=2026-10-05&to=2026-10-01", "to")]
    public async Task A_bad_request_is_a_400_naming_the_field(string path, string field)
    {
        using var response = await (await As("supervisor1")).GetAsync(new Uri(path, UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await response.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name), Does.Contain(field));
        });
    }

    [Test]
    public async Task The_knowledge_editors_read_it_too_to_see_what_the_base_lacks()
    {
        var report = await Get("editor1", "/api/reports/knowledge-use?from=2026-10-01&to=2026-10-31");

        Assert.That(report.GetProperty("searchesWithoutResults").EnumerateArray().Select(s => s.GetProperty("query").GetString()),
            Does.Contain("停水"));
    }

    [TestCase("agent1")]
    [TestCase("dispatcher1")]
    [TestCase("um.handler")]
    public async Task It_is_for_supervisors_administrators_and_knowledge_editors(string user)
    {
        using var response = await (await As(user)).GetAsync(new Uri("/api/reports/knowledge-use", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
