using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The supervisors' reports over a small October the spec writes through the API with a clock it moves, so
/// every figure below can be counted by hand:
/// Monday 2026-10-12 09:00 (Beijing) nine cases are filed; A, B, F, G and I go to UM, C and D to HOUSING, and E is
/// answered on the call. At 10:00 UM signs A, B and G and returns C (re-dispatched to HOUSING) and I (left waiting);
/// HOUSING signs D. At 11:00 UM replies to A and B, asks an extension for G; D's extension is asked and approved.
/// At 11:30 the visitor finds A solved and satisfied, B unsolved and dissatisfied (重办). Tuesday 11:00 H is
/// dispatched to ENV. The reports run on Wednesday 2026-10-14 09:00.
/// </summary>
[Category("Integration")]
public sealed class ReportSpecs : HotlineFixture
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 10, 12, 9, 0, 0, Beijing));
    private readonly Dictionary<string, string> _cases = [];

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Reports:RankingMinimumCases"] = "2",
        // One case listed per department and list: the counts still say how many there are.
        ["Reports:LiveListLimit"] = "1",
    };

    private static DateTimeOffset Bj(int day, int hour, int minute = 0) => new(2026, 10, day, hour, minute, 0, Beijing);

    [OneTimeSetUp]
    public async Task AnOctoberWeek()
    {
        var agent = Hotline.Api;
        var dispatcher = await As("dispatcher1");
        var um = await As("um.handler");
        var housing = await As("housing.handler");
        var visitor = await As("visitor1");
        foreach (var name in new[] { "A", "B", "C", "D", "F", "G", "I" })
        {
            _cases[name] = (await agent.FileCaseAsync(Requests.NightNoise($"case {name}"))).Number;
            await dispatcher.ActAsync(_cases[name], "dispatch", new DispatchRequest(name is "D" ? "HOUSING" : "UM", [], null));
        }

        _cases["E"] = (await agent.FileCaseAsync(Requests.NightNoise("case E") with { RequestType = "consultation" })).Number;
        await (await As("agent1")).ActAsync(_cases["E"], "close-directly", new CloseDirectlyRequest("已电话解答"));

        _clock.Set(Bj(12, 10));
        foreach (var name in new[] { "A", "B", "G" })
        {
            await um.ActAsync(_cases[name], "sign");
        }

        await um.ActAsync(_cases["C"], "return", new ReturnRequest("not-our-duty", "属于住建"));
        await dispatcher.ActAsync(_cases["C"], "redispatch", new DispatchRequest("HOUSING", [], null));
        await um.ActAsync(_cases["I"], "return", new ReturnRequest("not-our-area", "不在辖区"));
        await housing.ActAsync(_cases["D"], "sign");

        _clock.Set(Bj(12, 11));
        await um.ActAsync(_cases["A"], "reply", new TextRequest("已处理"));
        await um.ActAsync(_cases["B"], "reply", new TextRequest("已处理"));
        await um.ActAsync(_cases["G"], "extension-requests", new ExtensionRequest(Bj(30, 17), "需协调施工方"));
        await housing.ActAsync(_cases["D"], "extension-requests", new ExtensionRequest(Bj(30, 17), "需鉴定"));
        await dispatcher.ActAsync(_cases["D"], "extension-requests/approve", new NoteRequest("同意"));

        _clock.Set(Bj(12, 11, 30));
        await visitor.ActAsync(_cases["A"], "return-visits", new ReturnVisitRequest(true, true, "satisfied", null));
        await visitor.ActAsync(_cases["B"], "return-visits", new ReturnVisitRequest(true, false, "dissatisfied", "仍有噪声"));

        _clock.Set(Bj(13, 11));
        _cases["H"] = (await agent.FileCaseAsync(Requests.NightNoise("case H"))).Number;
        await dispatcher.ActAsync(_cases["H"], "dispatch", new DispatchRequest("ENV", [], null));

        _clock.Set(Bj(14, 9));
    }

    private async Task<JsonElement> Get(string user, string path)
    {
        using var response = await (await As(user)).GetAsync(new Uri(path, UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Row(JsonElement report, string department) =>
        report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("keys").GetProperty("department").GetString() == department);

    private static (long, long) Rate(JsonElement row, string rate)
    {
        var r = row.GetProperty("rates").GetProperty(rate);
        return (r.GetProperty("numerator").GetInt64(), r.GetProperty("denominator").GetInt64());
    }

    private static long Count(JsonElement row, string count) => row.GetProperty("counts").GetProperty(count).GetInt64();

    [Test]
    public async Task The_KPI_report_by_department_counts_every_rate_with_its_numerator_and_denominator()
    {
        var report = await Get("supervisor1", "/api/reports/kpi?month=2026-10&groupBy=department");
        var um = Row(report, "UM");
        var housing = Row(report, "HOUSING");
        var total = report.GetProperty("total");

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("keys").GetProperty("department").GetString()),
                Is.EqualTo(new[] { "ENV", "HOUSING", "UM", null }), "E was never dispatched: its row has no department");
            Assert.That(um.GetProperty("labels").GetProperty("department").GetString(), Is.EqualTo("区城市管理局"));
            Assert.That((Count(um, "received"), Count(um, "dispatched"), Count(um, "signed"), Count(um, "replied")), Is.EqualTo((5L, 6L, 2L, 1L)),
                "leads A, B, F, G, I, and was sent C, which it returned; A and G signed (B's reopening started a new round); only A's reply stands");
            Assert.That(Rate(um, "timelySignOff"), Is.EqualTo((2L, 6L)));
            Assert.That(Rate(um, "response"), Is.EqualTo((4L, 6L)), "A and G signed, C and I returned, all before the sign-off deadline");
            Assert.That(Rate(um, "return"), Is.EqualTo((2L, 6L)), "C and I count against UM, which returned them, though C is now HOUSING's");
            Assert.That(Rate(um, "redo"), Is.EqualTo((1L, 2L)));
            Assert.That(Rate(um, "resolution"), Is.EqualTo((1L, 2L)));
            Assert.That(Rate(um, "satisfaction"), Is.EqualTo((1L, 2L)));
            Assert.That(um.GetProperty("rates").GetProperty("satisfaction").GetProperty("value").GetDouble(), Is.EqualTo(0.5));
            Assert.That((Count(um, "visitsReached"), Count(um, "overdueNow"), Count(um, "extensionRequests")), Is.EqualTo((2L, 2L, 1L)),
                "F (due Tue 09:00) and B (reopened Mon 11:30, due Tue 11:30) are past their sign-off deadline");
            Assert.That(um.GetProperty("workingHours").GetProperty("signOffAverage").GetDouble(), Is.EqualTo(1.0));
            Assert.That(um.GetProperty("workingHours").GetProperty("replyAverage").GetDouble(), Is.EqualTo(2.0));
            Assert.That(um.GetProperty("workingHours").GetProperty("replyP90").GetDouble(), Is.EqualTo(2.0));
            Assert.That((Count(housing, "received"), Count(housing, "redispatched"), Count(housing, "overdueNow")), Is.EqualTo((2L, 1L, 1L)));
            Assert.That((Rate(housing, "return"), Rate(housing, "response")), Is.EqualTo(((0L, 2L), (1L, 2L))), "HOUSING returned nothing and signed D");
            Assert.That(Rate(housing, "extensionApproval"), Is.EqualTo((1L, 1L)));
            Assert.That(Rate(housing, "resolution"), Is.EqualTo((0L, 0L)));
            Assert.That(housing.GetProperty("rates").GetProperty("resolution").GetProperty("value").ValueKind, Is.EqualTo(JsonValueKind.Null),
                "no visit, no rate: never a 0 % or a 100 % made of nothing");
            Assert.That((Count(total, "received"), Count(total, "dispatched"), Count(total, "returned")), Is.EqualTo((9L, 8L, 2L)),
                "the total counts each case once");
            Assert.That(Rate(total, "directResolution"), Is.EqualTo((1L, 9L)));
            Assert.That(report.GetProperty("definitions").EnumerateArray().Select(d => d.GetProperty("key").GetString()),
                Is.SupersetOf(new[] { "response", "resolution", "satisfaction", "timelySignOff", "onTimeReply", "return", "redo", "directResolution" }));
        });
    }

    [Test]
    public async Task Two_levels_and_other_dimensions_group_the_same_cases()
    {
        var byStreetAndType = await Get("supervisor1", "/api/reports/kpi?month=2026-10&groupBy=street,requestType");
        var byCategory = await Get("supervisor1", "/api/reports/kpi?from=2026-10-01&to=2026-10-31&groupBy=category&categoryLevel=2");
        var september = await Get("supervisor1", "/api/reports/kpi?month=2026-09&groupBy=channel");

        Assert.Multiple(() =>
        {
            Assert.That(byStreetAndType.GetProperty("rows").EnumerateArray()
                    .Select(r => (r.GetProperty("keys").GetProperty("street").GetString(), r.GetProperty("keys").GetProperty("requestType").GetString(),
                        Count(r, "received"))),
                Is.EqualTo(new[] { ("DM-S02", "complaint", 8L), ("DM-S02", "consultation", 1L) }));
            Assert.That(byCategory.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("keys").GetProperty("category").GetString(),
                    r.GetProperty("labels").GetProperty("category").GetString(), Count(r, "received"))).Single(),
                Is.EqualTo(("010200", "噪声扰民", 9L)));
            Assert.That(september.GetProperty("rows").GetArrayLength(), Is.Zero);
            Assert.That(Count(september.GetProperty("total"), "received"), Is.Zero);
        });
    }

    [Test]
    public async Task A_department_handler_gets_its_own_departments_rows_only()
    {
        var report = await Get("um.handler", "/api/reports/kpi?month=2026-10&groupBy=department");
        var export = await Get("housing.handler", "/api/reports/live");

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("keys").GetProperty("department").GetString()),
                Is.EqualTo(new[] { "UM" }));
            Assert.That(Count(report.GetProperty("total"), "received"), Is.EqualTo(5));
            Assert.That(export.GetProperty("overdue").EnumerateArray().Select(d => d.GetProperty("department").GetString()), Is.EqualTo(new[] { "HOUSING" }));
        });
    }

    [Test]
    public async Task The_monthly_ranking_scores_the_three_rates_and_lists_but_does_not_rank_what_it_cannot_judge()
    {
        var ranking = await Get("supervisor1", "/api/reports/ranking?month=2026-10");
        var entries = ranking.GetProperty("departments").EnumerateArray().ToList();
        var um = entries.Single(e => e.GetProperty("department").GetString() == "UM");

        Assert.Multiple(() =>
        {
            Assert.That((um.GetProperty("rank").GetInt32(), um.GetProperty("score").GetDouble()), Is.EqualTo((1, 55.0)),
                "100 × (0.3 × 4/6 + 0.3 × 1/2 + 0.4 × 1/2)");
            Assert.That(entries.Where(e => e.GetProperty("department").GetString() != "UM")
                    .Select(e => (e.GetProperty("department").GetString(), e.GetProperty("rank").GetInt32(), e.GetProperty("notRankedBecause").GetString())),
                Is.EqualTo(new[]
                {
                    ("ENV", 0, "1 dispatched cases; at least 2 are needed to be ranked"),
                    ("HOUSING", 0, "no return visit has judged or rated its cases yet"),
                }));
            Assert.That(ranking.GetProperty("weights").GetProperty("minimumCases").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task The_live_view_shows_overdue_cases_what_breaches_within_N_working_hours_and_what_waits_for_the_center()
    {
        var live = await Get("supervisor1", "/api/reports/live?withinWorkingHours=4");
        IEnumerable<(string?, int, string[])> Departments(string list) => live.GetProperty(list).EnumerateArray()
            .Select(d => (d.GetProperty("department").GetString(), d.GetProperty("count").GetInt32(),
                d.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("number").GetString()!).ToArray()));
        string[] Numbers(string list) => [.. live.GetProperty(list).EnumerateArray().Select(c => c.GetProperty("number").GetString()!)];

        Assert.Multiple(() =>
        {
            Assert.That(Departments("overdue"), Is.EqualTo(new[]
            {
                ("UM", 2, new[] { _cases["F"] }),
                ("HOUSING", 1, new[] { _cases["C"] }),
            }), "UM has two overdue (F since Tuesday 09:00, B since 11:30); the limit lists the most overdue");
            Assert.That(Departments("breachingSoon"), Is.EqualTo(new[] { ("ENV", 1, new[] { _cases["H"] }) }),
                "H's sign-off is due Wednesday 11:00, two working hours away");
            Assert.That(Numbers("returnsWaiting"), Is.EqualTo(new[] { _cases["I"] }));
            Assert.That(Numbers("extensionsWaiting"), Is.EqualTo(new[] { _cases["G"] }));
        });
    }

    [Test]
    public async Task Hotspots_count_category_by_area_and_name_the_fastest_growing_categories()
    {
        var hotspots = await Get("supervisor1", "/api/reports/hotspots?month=2026-10&categoryLevel=1&areaLevel=street");
        var cell = hotspots.GetProperty("cells").EnumerateArray().Single();
        var growth = hotspots.GetProperty("fastestGrowing").EnumerateArray().Single();

        Assert.Multiple(() =>
        {
            Assert.That((cell.GetProperty("category").GetString(), cell.GetProperty("area").GetString(), cell.GetProperty("areaName").GetString(),
                cell.GetProperty("count").GetInt64()), Is.EqualTo(("010000", "DM-S02", "翠苑街道", 9L)));
            Assert.That((growth.GetProperty("current").GetInt64(), growth.GetProperty("previous").GetInt64(), growth.GetProperty("increase").GetInt64()),
                Is.EqualTo((9L, 0L, 9L)));
            Assert.That(hotspots.GetProperty("previous").GetProperty("from").GetString(), Is.EqualTo("2026-08-31"), "31 days before October");
        });
    }

    [Test]
    public async Task Reports_export_as_CSV_with_a_BOM_and_as_a_real_XLSX_workbook()
    {
        var supervisor = await As("supervisor1");
        using var csv = await supervisor.GetAsync(new Uri("/api/reports/kpi?month=2026-10&format=csv", UriKind.Relative));
        var csvBytes = await csv.Content.ReadAsByteArrayAsync();
        var csvLines = Encoding.UTF8.GetString(csvBytes.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        using var xlsx = await supervisor.GetAsync(new Uri("/api/reports/ranking?month=2026-10&format=xlsx", UriKind.Relative));
        var sheet = ReadSheet(await xlsx.Content.ReadAsByteArrayAsync());

        Assert.Multiple(() =>
        {
            Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
            Assert.That(csv.Content.Headers.ContentDisposition!.FileName, Does.Contain("kpi-20261001-20261031-department.csv"));
            Assert.That(csvBytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "Excel needs the BOM to read UTF-8 Chinese");
            Assert.That(csvLines[0], Does.StartWith("department,departmentName,received,dispatched,"));
            Assert.That(csvLines[0], Does.Contain("responseNumerator,responseDenominator,responseRate"));
            Assert.That(csvLines.Length, Is.EqualTo(1 + 4 + 1), "header, four groups, the total");
            Assert.That(csvLines.Single(l => l.StartsWith("UM,", StringComparison.Ordinal)), Does.StartWith("UM,区城市管理局,5,6,2,1,"));
            Assert.That(xlsx.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
            Assert.That(sheet[0].Take(3), Is.EqualTo(new[] { "rank", "department", "name" }));
            Assert.That(sheet.Count, Is.EqualTo(1 + 3));
            Assert.That(sheet[1].Take(5), Is.EqualTo(new[] { "1", "UM", "区城市管理局", "6", "55" }));
        });
    }

    [Test]
    public async Task The_case_list_streams_as_CSV_or_XLSX_without_callers_and_within_the_handlers_scope()
    {
        using var all = await (await As("supervisor1")).GetAsync(new Uri("/api/cases/export?month=2026-10&format=csv", UriKind.Relative));
        var text = Encoding.UTF8.GetString((await all.Content.ReadAsByteArrayAsync()).AsSpan(3));
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        using var mine = await (await As("um.handler")).GetAsync(new Uri("/api/cases/export?month=2026-10&format=xlsx", UriKind.Relative));
        var sheet = ReadSheet(await mine.Content.ReadAsByteArrayAsync());

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(10));
            Assert.That(lines[0], Does.StartWith("number,filedAt,status,requestType,category,categoryName"));
            Assert.That(lines[1], Does.Contain(",2026-10-12 09:00:00,"), "instants in the center's local time");
            Assert.That(text, Does.Not.Contain("13800138000").And.Not.Contain("张三"), "no caller details in an export");
            Assert.That(sheet.Skip(1).Select(r => r[0]), Is.EquivalentTo(new[] { "A", "B", "F", "G", "I" }.Select(n => _cases[n])));
        });
    }

    [TestCase("/api/reports/kpi?groupBy=department,department", "groupBy")]
    [TestCase("/api/reports/kpi?groupBy=mood", "groupBy")]
    [TestCase("/api/reports/kpi?month=2026-13", "month")]
    [TestCase("/api/reports/kpi?month=2026-10&from=2026-10-01&to=2026-10-02", "month")]
    [TestCase("/api/reports/kpi?from=2026-10-01", "to")]
    [TestCase("/api/reports/kpi?from=2026-10-05&to=2026-10-01", "to")]
    [TestCase("/api/reports/kpi?from=2025-01-01&to=2026-10-01", "to")]
    [TestCase("/api/reports/kpi?categoryLevel=4", "categoryLevel")]
    [TestCase("/api/reports/kpi?format=pdf", "format")]
    [TestCase("/api/reports/live?withinWorkingHours=-1", "withinWorkingHours")]
    [TestCase("/api/reports/hotspots?areaLevel=grid", "areaLevel")]
    [TestCase("/api/cases/export?month=2026-10", "format")]
    [TestCase("/api/cases/export?month=2026-10&format=json", "format")]
    [TestCase("/api/cases/export?month=2026-10&format=csv&status=lost", "status")]
    public async Task A_bad_report_request_is_a_400_naming_the_field(string path, string field)
    {
        using var response = await (await As("supervisor1")).GetAsync(new Uri(path, UriKind.Relative));
        var problem = await response.ProblemAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Does.Contain(field));
        });
    }

    [TestCase("agent1")]
    [TestCase("dispatcher1")]
    [TestCase("visitor1")]
    public async Task Reports_are_for_supervisors_and_handlers(string user)
    {
        using var response = await (await As(user)).GetAsync(new Uri("/api/reports/kpi", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    /// <summary>Every row of the first sheet as text, read back with the Open XML SDK: proof the file is a workbook Excel opens.</summary>
    private static List<string[]> ReadSheet(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var part = document.WorkbookPart!.WorksheetParts.Single();
        return [.. part.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>()
            .Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToArray())];
    }
}
