using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Privacy;
using Dispatch.Workers.RepeatCalls;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// Repeat calls through the real API: the cases a call being taken may repeat (POST /api/cases/similar), those of a filed case for
/// the dispatcher (GET /api/cases/{number}/similar), and a caller's history with the repeat-caller flag. The Api runs alone (nothing
/// is routed, a filed case stays filed) on a clock the spec sets; each spec writes its own problems in places of its own, so the cases
/// other specs left behind do not reach its threshold.
/// </summary>
[Category("Integration")]
public sealed class RepeatCallsSpecs : HotlineFixture
{
    private static readonly DateTimeOffset Start = new(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly SimilarCasesOptions Defaults = new();

    private readonly ManualClock _clock = new(Start);

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    [SetUp]
    public void BackToTheStart() => _clock.Set(Start);

    private static string UniquePhone() => $"135{Random.Shared.NextInt64(10_000_000, 99_999_999)}";

    /// <summary>
    /// Water coming through the ceiling, by default at 学院路社区8幢 (grid 1, with coordinates). Each spec files its leaks in a
    /// community of its own (<see cref="In"/>), so that no spec's cases crowd another's answer.
    /// </summary>
    private static FileCaseRequest Leak(string? phone = null, bool confidential = false, string title = "楼上漏水渗到我家天花板",
        string content = "8幢302室，楼上402卫生间漏水，我家天花板一直往下滴水，墙面发霉，找物业也没人管。") => new(
        "complaint", "020201", "phone", new CallerInput("王五", phone ?? UniquePhone(), confidential),
        new LocationInput("DM", "DM-S02", "DM-S02-C03", "DM-S02-C03-G01", "学院路社区8幢", 30.2795, 120.1240), title, content, "normal");

    /// <summary><paramref name="call"/> in community <paramref name="community"/>'s first grid, at <paramref name="address"/>, without coordinates.</summary>
    private static FileCaseRequest In(string community, string address, FileCaseRequest call) =>
        call with { Location = new LocationInput("DM", community[..6], community, community + "-G01", address, null, null) };

    private async Task<SimilarCases> SimilarToCallAsync(FileCaseRequest call, string user = "agent1")
    {
        using var response = await (await As(user)).PostAsJsonAsync(new Uri("/api/cases/similar", UriKind.Relative), call, ApiClient.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SimilarCases>(ApiClient.Json))!;
    }

    private async Task<SimilarCases> SimilarToCaseAsync(string number, string user = "dispatcher1")
    {
        using var response = await (await As(user)).GetAsync(new Uri($"/api/cases/{number}/similar", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SimilarCases>(ApiClient.Json))!;
    }

    private Task<string> RowCountsAsync() => Db.ScalarAsync<string>("""
        select concat_ws(',', (select count(*) from cases), (select count(*) from case_audit), (select count(*) from outbox),
                              (select count(*) from idempotency_keys), (select count(*) from personal_data_access))
        """);

    [Test]
    public async Task A_call_finds_the_open_case_a_neighbour_filed_an_hour_before_with_its_reasons_and_writes_nothing()
    {
        var earlier = await Hotline.Api.FileCaseAsync(Leak());
        _clock.Advance(TimeSpan.FromHours(1));
        var before = await RowCountsAsync();

        var found = await SimilarToCallAsync(Leak(title: "天花板渗水", content: "8幢302，楼上卫生间漏水渗到我家天花板，滴水发霉好几天了，希望尽快处理。"));
        var after = await RowCountsAsync();

        var item = found.Items.Single(i => i.Number == earlier.Number);
        Assert.Multiple(() =>
        {
            Assert.That((item.Status, item.Title, item.FiledAt, item.ClosedAt), Is.EqualTo(("filed", earlier.Title, earlier.FiledAt, (DateTimeOffset?)null)));
            Assert.That(item.Score, Is.GreaterThanOrEqualTo(Defaults.Threshold).And.EqualTo(Math.Round(item.Reasons.Sum(r => r.Points), 3)));
            Assert.That(item.Reasons.Select(r => r.Kind), Is.EquivalentTo(new[] { "same-category", "same-address", "similar-text", "filed-apart" }));
            Assert.That(item.Reasons.Single(r => r.Kind == "same-category").Code, Is.EqualTo("020201"));
            Assert.That(item.Reasons.Single(r => r.Kind == "similar-text").Similarity, Is.InRange(0.2, 1));
            Assert.That(item.Reasons.Single(r => r.Kind == "filed-apart").Hours, Is.EqualTo(1.0));
            Assert.That(found.Items.Select(i => i.Score), Is.Ordered.Descending);
            Assert.That(after, Is.EqualTo(before), "cases, audit rows, outbox, idempotency keys, access log: nothing written");
        });
    }

    [Test]
    public async Task The_same_street_s_other_problem_and_the_same_problem_elsewhere_are_not_listed()
    {
        var leak = await Hotline.Api.FileCaseAsync(In("DM-S01-C01", "北山新村8幢", Leak()));
        var otherProblem = await Hotline.Api.FileCaseAsync(In("DM-S01-C01", "北山新村8幢", Leak() with
        {
            CategoryCode = "010101", Title = "8幢楼道堆放杂物", Content = "8幢一楼楼道堆满旧家具和纸箱，堵住消防通道，存在火灾隐患。",
        }));
        var elsewhere = await Hotline.Api.FileCaseAsync(In("DM-S04-C03", "华联新村21幢", Leak() with
        {
            Content = "21幢502室，楼上卫生间漏水，天花板一直往下滴水，墙面发霉，物业不管。",
        }));
        _clock.Advance(TimeSpan.FromMinutes(30));

        var found = (await SimilarToCallAsync(In("DM-S01-C01", "北山新村8幢302",
            Leak(title: "天花板渗水", content: "楼上卫生间漏水渗到我家天花板，滴水发霉。")))).Items.Select(i => i.Number);

        Assert.Multiple(() =>
        {
            Assert.That(found, Does.Contain(leak.Number));
            Assert.That(found, Does.Not.Contain(otherProblem.Number), "same street, another problem");
            Assert.That(found, Does.Not.Contain(elsewhere.Number), "the same problem in another community");
        });
    }

    [Test]
    public async Task A_closed_case_is_listed_until_the_closed_window_ends_and_an_open_one_until_the_open_window_does()
    {
        var consultation = Leak() with
        {
            RequestType = "consultation", CategoryCode = "100102", Title = "公积金提取付房租怎么办理",
            Content = "想把住房公积金取出来付房租，问需要带什么材料，在哪里办理。",
            Location = new LocationInput("DM", "DM-S03", "DM-S03-C02", "DM-S03-C02-G02", "德加社区3幢", null, null),
        };
        var closed = await Hotline.Api.FileCaseAsync(consultation);
        await Hotline.Api.ActAsync(closed.Number, "close-directly", new CloseDirectlyRequest("可在公积金中心网厅申请租房提取，需租赁合同。"));
        var open = await Hotline.Api.FileCaseAsync(consultation with { RequestType = "help", Content = "想提取公积金交房租，不会在网上操作，请帮忙。" });

        _clock.Set(Start + Defaults.ClosedWindow);
        var lastClosedMoment = (await SimilarToCallAsync(consultation)).Items.Select(i => (i.Number, i.Status)).ToList();
        _clock.Set(Start + Defaults.ClosedWindow + TimeSpan.FromSeconds(1));
        var afterClosedWindow = (await SimilarToCallAsync(consultation)).Items.Select(i => i.Number).ToList();
        _clock.Set(Start + Defaults.OpenWindow);
        var lastOpenMoment = (await SimilarToCallAsync(consultation)).Items.Select(i => i.Number).ToList();
        _clock.Set(Start + Defaults.OpenWindow + TimeSpan.FromSeconds(1));
        var afterOpenWindow = (await SimilarToCallAsync(consultation)).Items.Select(i => i.Number).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(lastClosedMoment, Does.Contain((closed.Number, "closed")).And.Contain((open.Number, "filed")));
            Assert.That(afterClosedWindow, Does.Not.Contain(closed.Number).And.Contain(open.Number));
            Assert.That(lastOpenMoment, Does.Contain(open.Number));
            Assert.That(afterOpenWindow, Does.Not.Contain(open.Number));
        });
    }

    [Test]
    public async Task The_dispatcher_sees_the_cases_similar_to_a_filed_case_but_never_itself_nor_the_cases_merged_into_it()
    {
        var first = await Hotline.Api.FileCaseAsync(In("DM-S01-C03", "金祝新村11幢", Leak()));
        _clock.Advance(TimeSpan.FromMinutes(20));
        var second = await Hotline.Api.FileCaseAsync(In("DM-S01-C03", "金祝新村11幢",
            Leak(title: "楼上漏水", content: "楼上卫生间漏水把我家天花板泡了，一直滴水。")));
        _clock.Advance(TimeSpan.FromMinutes(20));
        var third = await Hotline.Api.FileCaseAsync(In("DM-S01-C03", "金祝新村11幢", Leak(title: "天花板滴水", content: "楼上漏水，天花板滴水发霉。")));

        var beforeMerge = (await SimilarToCaseAsync(first.Number)).Items.Select(i => i.Number).ToList();
        await (await As("dispatcher1")).ActAsync(third.Number, "merge", new MergeRequest(first.Number, "重复件"));
        var afterMerge = (await SimilarToCaseAsync(first.Number)).Items.Select(i => i.Number).ToList();
        var ofTheSecond = (await SimilarToCaseAsync(second.Number)).Items;

        Assert.Multiple(() =>
        {
            Assert.That(beforeMerge, Does.Contain(second.Number).And.Contain(third.Number).And.Not.Contain(first.Number));
            Assert.That(afterMerge, Does.Contain(second.Number).And.Not.Contain(third.Number).And.Not.Contain(first.Number));
            Assert.That(ofTheSecond.Select(i => i.Number), Does.Contain(first.Number).And.Not.Contain(third.Number).And.Not.Contain(second.Number));
            Assert.That(ofTheSecond.Single(i => i.Number == first.Number).Reasons.Single(r => r.Kind == "filed-apart").Hours, Is.EqualTo(0.3),
                "a filed case is compared as of its own filing: 20 minutes apart");
        });
    }

    [TestCase("agent1", HttpStatusCode.OK)]
    [TestCase("dispatcher1", HttpStatusCode.OK)]
    [TestCase("supervisor1", HttpStatusCode.OK)]
    [TestCase("admin1", HttpStatusCode.OK)]
    [TestCase("visitor1", HttpStatusCode.Forbidden)]
    [TestCase("um.handler", HttpStatusCode.Forbidden)]
    [TestCase("env.handler", HttpStatusCode.Forbidden)]
    public async Task Only_the_center_s_roles_that_take_or_dispatch_calls_look_for_similar_cases(string user, HttpStatusCode expected)
    {
        var filed = await Hotline.Api.FileCaseAsync(In("DM-S03-C01", "文新新村5幢", Leak()));
        var client = await As(user);

        using var byCall = await client.PostAsJsonAsync(new Uri("/api/cases/similar", UriKind.Relative), In("DM-S03-C01", "文新新村5幢", Leak()), ApiClient.Json);
        using var byCase = await client.GetAsync(new Uri($"/api/cases/{filed.Number}/similar", UriKind.Relative));
        using var anonymous = await Hotline.Anonymous().GetAsync(new Uri($"/api/cases/{filed.Number}/similar", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That((byCall.StatusCode, byCase.StatusCode), Is.EqualTo((expected, expected)));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task A_confidential_caller_is_never_tied_to_another_case_by_the_same_caller_and_no_answer_names_a_caller()
    {
        var phone = UniquePhone();
        var place = new LocationInput("DM", "DM-S01", "DM-S01-C02", "DM-S01-C02-G01", "曙光社区6幢", null, null);
        var confidential = await Hotline.Api.FileCaseAsync(Leak(phone, confidential: true) with { Location = place });
        var open = await Hotline.Api.FileCaseAsync(Leak(phone) with { Location = place, Title = "6幢楼上漏水" });
        _clock.Advance(TimeSpan.FromMinutes(10));

        using var asked = await Hotline.Api.PostAsJsonAsync(new Uri("/api/cases/similar", UriKind.Relative), Leak(phone) with { Location = place }, ApiClient.Json);
        var raw = await asked.Content.ReadAsStringAsync();
        var byCall = JsonSerializer.Deserialize<SimilarCases>(raw, ApiClient.Json)!.Items;
        var byConfidentialCall = (await SimilarToCallAsync(Leak(phone, confidential: true) with { Location = place })).Items;
        using var byCaseResponse = await (await As("dispatcher1")).GetAsync(new Uri($"/api/cases/{confidential.Number}/similar", UriKind.Relative));
        var byCaseRaw = await byCaseResponse.Content.ReadAsStringAsync();
        var byCase = JsonSerializer.Deserialize<SimilarCases>(byCaseRaw, ApiClient.Json)!.Items;

        IEnumerable<string> KindsFor(IEnumerable<SimilarCase> items, string number) => items.Single(i => i.Number == number).Reasons.Select(r => r.Kind);
        Assert.Multiple(() =>
        {
            Assert.That(KindsFor(byCall, open.Number), Does.Contain("same-caller"), "two callers who are not confidential");
            Assert.That(KindsFor(byCall, confidential.Number), Does.Not.Contain("same-caller"), "the earlier caller is confidential");
            Assert.That(KindsFor(byConfidentialCall, open.Number), Does.Not.Contain("same-caller"), "the caller on the line is confidential");
            Assert.That(KindsFor(byCase, open.Number), Does.Not.Contain("same-caller"), "the filed case's caller is confidential");
            Assert.That(raw + byCaseRaw, Does.Not.Contain(phone).And.Not.Contain("王五"), "no answer names or numbers a caller");
        });
    }

    [Test]
    public async Task Bad_input_is_a_400_naming_the_field_and_an_unknown_case_a_404()
    {
        var agent = Hotline.Api;
        using var badCall = await agent.PostAsJsonAsync(new Uri("/api/cases/similar", UriKind.Relative),
            Leak() with { CategoryCode = "999999", Location = Leak().Location! with { GridCode = "DM-S01-C01-G01" } }, ApiClient.Json);
        using var malformed = await agent.GetAsync(new Uri("/api/cases/12345/similar", UriKind.Relative));
        using var unknown = await agent.GetAsync(new Uri("/api/cases/260701999997/similar", UriKind.Relative));
        using var badPhone = await agent.PostAsJsonAsync(new Uri("/api/cases/caller-history", UriKind.Relative), new { phone = "call me" }, ApiClient.Json);

        Assert.Multiple(async () =>
        {
            Assert.That(badCall.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await badCall.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "categoryCode", "location.gridCode" }));
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await malformed.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "number" }));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badPhone.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await badPhone.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "phone" }));
        });
    }

    [Test]
    public async Task The_caller_history_lists_the_earlier_cases_flags_a_repeat_caller_and_records_each_case_it_lists()
    {
        var phone = UniquePhone();
        _clock.Set(Start - TimeSpan.FromDays(Defaults.RepeatCallerDays) - TimeSpan.FromMinutes(1));
        var outsideWindow = await Hotline.Api.FileCaseAsync(In("DM-S04-C01", "三墩新村3幢", Leak(phone)));
        _clock.Set(Start);
        var first = await Hotline.Api.FileCaseAsync(In("DM-S04-C01", "三墩新村3幢", Leak(phone)));
        _clock.Advance(TimeSpan.FromDays(1));
        var second = await Hotline.Api.FileCaseAsync(In("DM-S04-C01", "三墩新村3幢", Leak(phone, confidential: true)));

        var beforeThird = await HistoryAsync("agent1", phone);
        _clock.Advance(TimeSpan.FromDays(1));
        var third = await Hotline.Api.FileCaseAsync(In("DM-S04-C01", "三墩新村3幢", Leak(phone)));
        var visitorsView = await HistoryAsync("visitor1", phone);
        using var handler = await (await As("um.handler")).PostAsJsonAsync(new Uri("/api/cases/caller-history", UriKind.Relative),
            new CallerLookupRequest(phone), ApiClient.Json);
        var logged = (await (await As("supervisor1")).GetFromJsonAsync<PersonalDataAccessPage>(
            new Uri("/api/personal-data-access?endpoint=CallerHistory&actor=visitor1&pageSize=200", UriKind.Relative), ApiClient.Json))!.Items;

        Assert.Multiple(() =>
        {
            Assert.That((beforeThird.RepeatCaller, beforeThird.CasesInWindow, beforeThird.WindowDays, beforeThird.RepeatCallerCases),
                Is.EqualTo((false, 2, Defaults.RepeatCallerDays, Defaults.RepeatCallerCases)));
            Assert.That((visitorsView.RepeatCaller, visitorsView.CasesInWindow), Is.EqualTo((true, 3)));
            Assert.That(visitorsView.Cases.Select(c => c.Number), Is.EqualTo(new[] { third.Number, second.Number, first.Number, outsideWindow.Number }),
                "every earlier case, newest first; the one before the window is listed but not counted");
            Assert.That(handler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(logged.Where(a => a.CasesShown == 4).Select(a => a.CaseNumber),
                Is.EquivalentTo(new[] { third.Number, second.Number, first.Number, outsideWindow.Number }), "each case listed is recorded");
        });
    }

    private async Task<CallerHistory> HistoryAsync(string user, string phone)
    {
        using var response = await (await As(user)).PostAsJsonAsync(new Uri("/api/cases/caller-history", UriKind.Relative),
            new CallerLookupRequest(phone), ApiClient.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CallerHistory>(ApiClient.Json))!;
    }
}
