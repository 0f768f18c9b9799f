using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The cases behind every figure of the KPI report (GET /api/reports/kpi/cases), the report's scope (street, department), its daily
/// series and the monthly assessment, over the October of <see cref="ReportSpecs"/> plus two cases elsewhere:
/// Monday 2026-10-12 09:00 (Beijing) A to I as there (A, B, F, G, I to UM; C, D to HOUSING; E answered on the call; C returned by
/// UM and re-dispatched to HOUSING, I returned and waiting; A and B replied, visited; extensions for G and D); Tuesday 11:00 H to ENV;
/// Tuesday 10:00 J (a lift, 电梯故障, by WeChat in 三墩 DM-S01-C02) to HOUSING, signed; K (the same place) answered on the call.
/// Everything runs on Wednesday 2026-10-14 09:00. The specs do not restate the figures: they hold every list to the report.
/// </summary>
[Category("Integration")]
public sealed class KpiCasesSpecs : HotlineFixture
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 10, 12, 9, 0, 0, Beijing));
    private readonly Dictionary<string, string> _cases = [];

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Reports:RankingMinimumCases"] = "1",
        ["Reports:HonourListSize"] = "1",
    };

    private static DateTimeOffset Bj(int day, int hour, int minute = 0) => new(2026, 10, day, hour, minute, 0, Beijing);

    private static FileCaseRequest Lift(string title) => Requests.NightNoise(title) with
    {
        CategoryCode = "020102",
        Channel = "wechat",
        Location = new LocationInput("DM", "DM-S01", "DM-S01-C02", "DM-S01-C02-G01", "三墩小区3幢", 30.30, 120.10),
    };

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

        _clock.Set(Bj(13, 10));
        _cases["J"] = (await agent.FileCaseAsync(Lift("case J"))).Number;
        await dispatcher.ActAsync(_cases["J"], "dispatch", new DispatchRequest("HOUSING", [], null));
        await housing.ActAsync(_cases["J"], "sign");
        _cases["K"] = (await agent.FileCaseAsync(Lift("case K") with { RequestType = "consultation" })).Number;
        await (await As("agent1")).ActAsync(_cases["K"], "close-directly", new CloseDirectlyRequest("已电话解答"));

        _clock.Set(Bj(13, 11));
        _cases["H"] = (await agent.FileCaseAsync(Requests.NightNoise("case H"))).Number;
        await dispatcher.ActAsync(_cases["H"], "dispatch", new DispatchRequest("ENV", [], null));

        _clock.Set(Bj(14, 9));
    }

    private async Task<JsonElement> Get(string user, string path)
    {
        using var response = await (await As(user)).GetAsync(new Uri(path, UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static long Count(JsonElement row, string count) => row.GetProperty("counts").GetProperty(count).GetInt64();

    /// <summary>What the report says a part of a figure is in a row; a working time is taken over the cases signed (replied) for.</summary>
    private static long Expected(JsonElement row, string figure, string part, string kind) => kind switch
    {
        "count" => Count(row, figure),
        "rate" => row.GetProperty("rates").GetProperty(figure).GetProperty(part).GetInt64(),
        _ => Count(row, figure.StartsWith("signOff", StringComparison.Ordinal) ? "signed" : "replied"),
    };

    /// <summary>
    /// For every figure and part, the list of <paramref name="query"/> (the period, scope and cell) paged through 3 at a time: its total
    /// (or, for a figure counting events, its events) equals the report's row, and the pages hold exactly total distinct cases.
    /// </summary>
    private async Task<List<string>> Mismatches(string user, string query, JsonElement row, string cellName)
    {
        var definitions = await Get(user, "/api/reports/definitions");
        var mismatches = new List<string>();
        foreach (var definition in definitions.EnumerateArray())
        {
            var figure = definition.GetProperty("key").GetString()!;
            var kind = definition.GetProperty("denominator").ValueKind == JsonValueKind.Null
                ? figure.Contains("Average", StringComparison.Ordinal) || figure.Contains("P90", StringComparison.Ordinal) ? "workingTime" : "count"
                : "rate";
            foreach (var part in kind == "count" ? new[] { "numerator" } : ["numerator", "denominator"])
            {
                var expected = Expected(row, figure, part, kind);
                var seen = new List<string>();
                string? cursor = null;
                long total;
                JsonElement page;
                do
                {
                    page = await Get(user, $"/api/reports/kpi/cases?figure={figure}&part={part}&{query}&limit=3{(cursor is null ? "" : $"&cursor={cursor}")}");
                    total = page.GetProperty("total").GetInt64();
                    seen.AddRange(page.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("number").GetString()!));
                    cursor = page.GetProperty("nextCursor").GetString();
                }
                while (cursor is not null);

                var countsEvents = page.GetProperty("countsEvents").GetBoolean();
                var figureOfList = countsEvents ? page.GetProperty("events").GetInt64() : total;
                if (figureOfList != expected || seen.Count != total || seen.Distinct().Count() != seen.Count || (countsEvents && total > expected))
                {
                    mismatches.Add($"{cellName} {figure} {part}: report {expected}, list total {total}{(countsEvents ? $" events {figureOfList}" : "")}, " +
                                   $"paged {seen.Count} ({string.Join(" ", seen)})");
                }
            }
        }

        return mismatches;
    }

    private static string Key(JsonElement row, string dimension) => row.GetProperty("keys").GetProperty(dimension).GetString() ?? "none";

    [Test]
    public async Task Every_department_row_and_the_total_list_exactly_the_cases_their_figures_count()
    {
        var report = await Get("supervisor1", "/api/reports/kpi?month=2026-10&groupBy=department");
        var mismatches = new List<string>();
        foreach (var row in report.GetProperty("rows").EnumerateArray())
        {
            var department = Key(row, "department");
            mismatches.AddRange(await Mismatches("supervisor1", $"month=2026-10&byDepartment={department}", row, $"department {department}"));
        }

        mismatches.AddRange(await Mismatches("supervisor1", "month=2026-10", report.GetProperty("total"), "total"));

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("rows").EnumerateArray().Select(r => Key(r, "department")), Is.EqualTo(new[] { "ENV", "HOUSING", "UM", "none" }),
                "the center's row is there, and UM's returns make C count for it though C is HOUSING's now");
            Assert.That(mismatches, Is.Empty);
        });
    }

    [Test]
    public async Task Streets_days_categories_and_two_level_cells_list_exactly_the_cases_their_figures_count()
    {
        var mismatches = new List<string>();
        foreach (var (groupBy, cell) in new[]
                 {
                     ("street", "byStreet"), ("day", "byDay"), ("channel", "byChannel"), ("requestType", "byRequestType"),
                 })
        {
            var report = await Get("supervisor1", $"/api/reports/kpi?month=2026-10&groupBy={groupBy}");
            foreach (var row in report.GetProperty("rows").EnumerateArray().Where(r => groupBy != "day" || Count(r, "received") > 0 ||
                         Key(r, "day") == "2026-10-14"))
            {
                var key = Key(row, groupBy);
                mismatches.AddRange(await Mismatches("supervisor1", $"month=2026-10&{cell}={key}", row, $"{groupBy} {key}"));
            }
        }

        foreach (var level in new[] { 1, 2, 3 })
        {
            var report = await Get("supervisor1", $"/api/reports/kpi?month=2026-10&groupBy=category&categoryLevel={level}");
            foreach (var row in report.GetProperty("rows").EnumerateArray())
            {
                var key = Key(row, "category");
                mismatches.AddRange(await Mismatches("supervisor1", $"month=2026-10&byCategory={key}", row, $"category {key}"));
            }
        }

        var twoLevels = await Get("supervisor1", "/api/reports/kpi?from=2026-10-12&to=2026-10-13&groupBy=department,street");
        foreach (var row in twoLevels.GetProperty("rows").EnumerateArray())
        {
            var (department, street) = (Key(row, "department"), Key(row, "street"));
            mismatches.AddRange(await Mismatches("supervisor1", $"from=2026-10-12&to=2026-10-13&byDepartment={department}&byStreet={street}", row,
                $"department {department} × street {street}"));
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public async Task A_hotspot_cell_of_category_by_community_lists_its_cases()
    {
        var hotspots = await Get("supervisor1", "/api/reports/hotspots?month=2026-10&categoryLevel=2&areaLevel=community");
        var cells = hotspots.GetProperty("cells").EnumerateArray()
            .Select(c => (Category: c.GetProperty("category").GetString()!, Area: c.GetProperty("area").GetString()!, Count: c.GetProperty("count").GetInt64()))
            .ToList();
        var listed = new List<(string, string, long)>();
        foreach (var (category, area, _) in cells)
        {
            var list = await Get("supervisor1", $"/api/reports/kpi/cases?figure=received&month=2026-10&byCategory={category}&byCommunity={area}&limit=200");
            listed.Add((category, area, list.GetProperty("total").GetInt64()));
        }

        Assert.Multiple(() =>
        {
            Assert.That(cells, Has.Count.EqualTo(2), "noise in 翠苑一区, lifts in 三墩");
            Assert.That(listed, Is.EqualTo(cells));
        });
    }

    [Test]
    public async Task In_a_scope_the_lists_count_what_the_scoped_report_counts()
    {
        var mismatches = new List<string>();
        foreach (var (user, scope) in new[] { ("um.handler", ""), ("supervisor1", "&department=UM"), ("supervisor1", "&street=DM-S01") })
        {
            var report = await Get(user, $"/api/reports/kpi?month=2026-10&groupBy=department{scope}");
            foreach (var row in report.GetProperty("rows").EnumerateArray())
            {
                var department = Key(row, "department");
                mismatches.AddRange(await Mismatches(user, $"month=2026-10{scope}&byDepartment={department}", row, $"{user}{scope} {department}"));
            }

            mismatches.AddRange(await Mismatches(user, $"month=2026-10{scope}", report.GetProperty("total"), $"{user}{scope} total"));
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public async Task The_list_names_the_figure_and_part_and_shows_each_case_with_its_names()
    {
        var list = await Get("supervisor1", "/api/reports/kpi/cases?figure=response&part=denominator&month=2026-10&byDepartment=UM&limit=200");
        var extensions = await Get("supervisor1", "/api/reports/kpi/cases?figure=extensionRequests&month=2026-10");
        var c = list.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("number").GetString() == _cases["C"]);

        Assert.Multiple(() =>
        {
            Assert.That((list.GetProperty("name").GetString(), list.GetProperty("definition").GetString()), Is.EqualTo(("响应率 · 分母", "Dispatched cases.")));
            Assert.That(list.GetProperty("cases").EnumerateArray().Select(x => x.GetProperty("number").GetString()),
                Is.EquivalentTo(new[] { "A", "B", "C", "F", "G", "I" }.Select(n => _cases[n])), "C counts for UM, which returned it");
            Assert.That((c.GetProperty("departmentCode").GetString(), c.GetProperty("departmentName").GetString(), c.GetProperty("streetName").GetString(),
                c.GetProperty("categoryName").GetString()), Is.EqualTo(("HOUSING", "区住房和城乡建设局", "翠苑街道", "夜间施工噪声")));
            Assert.That((extensions.GetProperty("countsEvents").GetBoolean(), extensions.GetProperty("events").GetInt64(), extensions.GetProperty("total").GetInt64()),
                Is.EqualTo((true, 2L, 2L)));
            Assert.That(list.GetProperty("countsEvents").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task The_daily_series_has_every_day_of_the_period_and_zeros_on_days_without_cases()
    {
        var report = await Get("supervisor1", "/api/reports/kpi?month=2026-10&groupBy=day");
        var days = report.GetProperty("rows").EnumerateArray().Select(r => (Key(r, "day"), r.GetProperty("labels").GetProperty("day").GetString(), Count(r, "received")))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(days, Has.Count.EqualTo(31));
            Assert.That(days[0], Is.EqualTo(("2026-10-01", "2026-10-01", 0L)));
            Assert.That(days.Where(d => d.Item3 > 0), Is.EqualTo(new[] { ("2026-10-12", "2026-10-12", 8L), ("2026-10-13", "2026-10-13", 3L) }));
        });
    }

    [Test]
    public async Task Street_and_department_narrow_the_reports_the_live_view_and_the_export()
    {
        var inStreet = await Get("supervisor1", "/api/reports/kpi?month=2026-10&street=DM-S01");
        var ofUm = await Get("supervisor1", "/api/reports/kpi?month=2026-10&department=UM");
        var handlerAskingHousing = await Get("um.handler", "/api/reports/kpi?month=2026-10&department=HOUSING");
        var hotspots = await Get("supervisor1", "/api/reports/hotspots?month=2026-10&street=DM-S01");
        var live = await Get("supervisor1", "/api/reports/live?department=HOUSING");
        using var export = await (await As("supervisor1")).GetAsync(new Uri("/api/cases/export?month=2026-10&format=csv&street=DM-S01", UriKind.Relative));
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That((Count(inStreet.GetProperty("total"), "received"), inStreet.GetProperty("street").GetString()), Is.EqualTo((2L, "DM-S01")));
            Assert.That(ofUm.GetProperty("rows").EnumerateArray().Select(r => Key(r, "department")), Is.EqualTo(new[] { "UM" }));
            Assert.That(Count(handlerAskingHousing.GetProperty("total"), "received"), Is.Zero, "a handler's own scope is intersected with the choice");
            Assert.That(hotspots.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("area").GetString()), Is.EqualTo(new[] { "DM-S01" }));
            Assert.That(live.GetProperty("overdue").EnumerateArray().Select(d => d.GetProperty("department").GetString()), Is.All.EqualTo("HOUSING"));
            Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EquivalentTo(new[] { _cases["J"], _cases["K"] }));
        });
    }

    [Test]
    public async Task The_monthly_assessment_has_the_ranking_the_red_and_black_lists_and_every_departments_figures()
    {
        var assessment = await Get("supervisor1", "/api/reports/monthly-assessment?month=2026-10");
        var ranking = await Get("supervisor1", "/api/reports/ranking?month=2026-10");
        var lastMonth = await Get("supervisor1", "/api/reports/monthly-assessment");
        string?[] Departments(string list) => [.. assessment.GetProperty(list).EnumerateArray().Select(e => e.GetProperty("department").GetString())];
        var ranked = ranking.GetProperty("departments").EnumerateArray().Where(e => e.GetProperty("rank").GetInt32() > 0)
            .Select(e => e.GetProperty("department").GetString()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Departments("ranking"), Is.EqualTo(ranking.GetProperty("departments").EnumerateArray().Select(e => e.GetProperty("department").GetString())));
            Assert.That(Departments("redList"), Is.EqualTo(ranked.Take(1)), "Reports:HonourListSize is 1 here");
            Assert.That(Departments("blackList"), Is.EqualTo(ranked.Skip(1).TakeLast(1)), "the lowest ranked, never one on the red list");
            Assert.That(assessment.GetProperty("departments").EnumerateArray().Select(r => Key(r, "department")), Does.Contain("none"),
                "the center's row is among the departments");
            Assert.That(Count(assessment.GetProperty("total"), "received"), Is.EqualTo(11));
            Assert.That(assessment.GetProperty("weights").GetProperty("satisfaction").GetDouble(), Is.EqualTo(0.4));
            Assert.That(assessment.GetProperty("minimumCases").GetInt32(), Is.EqualTo(1));
            Assert.That(lastMonth.GetProperty("period").GetProperty("from").GetString(), Is.EqualTo("2026-09-01"), "last month by default");
        });
    }

    [TestCase("/api/reports/kpi?street=DM-S01-C01", "street")]
    [TestCase("/api/reports/kpi?street=NOPE", "street")]
    [TestCase("/api/reports/kpi?department=NOPE", "department")]
    [TestCase("/api/reports/hotspots?department=NOPE", "department")]
    [TestCase("/api/reports/live?street=DM", "street")]
    [TestCase("/api/cases/export?format=csv&department=NOPE", "department")]
    [TestCase("/api/reports/kpi/cases", "figure")]
    [TestCase("/api/reports/kpi/cases?figure=happiness", "figure")]
    [TestCase("/api/reports/kpi/cases?figure=received&part=denominator", "part")]
    [TestCase("/api/reports/kpi/cases?figure=response&part=all", "part")]
    [TestCase("/api/reports/kpi/cases?figure=response&byDepartment=NOPE", "byDepartment")]
    [TestCase("/api/reports/kpi/cases?figure=response&byStreet=DM-S01-C01", "byStreet")]
    [TestCase("/api/reports/kpi/cases?figure=response&byCommunity=DM-S01", "byCommunity")]
    [TestCase("/api/reports/kpi/cases?figure=response&byCategory=999999", "byCategory")]
    [TestCase("/api/reports/kpi/cases?figure=response&byRequestType=rant", "byRequestType")]
    [TestCase("/api/reports/kpi/cases?figure=response&byChannel=pigeon", "byChannel")]
    [TestCase("/api/reports/kpi/cases?figure=response&month=2026-10&byDay=2026-11-01", "byDay")]
    [TestCase("/api/reports/kpi/cases?figure=response&limit=201", "limit")]
    [TestCase("/api/reports/kpi/cases?figure=response&cursor=abc", "cursor")]
    [TestCase("/api/reports/monthly-assessment?month=2026-13", "month")]
    public async Task A_bad_request_is_a_400_naming_the_field(string path, string field)
    {
        using var response = await (await As("supervisor1")).GetAsync(new Uri(path, UriKind.Relative));
        var problem = await response.ProblemAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Does.Contain(field));
        });
    }

    [TestCase("agent1", "/api/reports/kpi/cases?figure=received")]
    [TestCase("visitor1", "/api/reports/kpi/cases?figure=received")]
    [TestCase("um.handler", "/api/reports/monthly-assessment")]
    public async Task The_lists_are_for_supervisors_and_handlers_and_the_assessment_for_supervisors(string user, string path)
    {
        using var response = await (await As(user)).GetAsync(new Uri(path, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
