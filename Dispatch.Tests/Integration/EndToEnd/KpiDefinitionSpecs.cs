using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The KPI figures that said something other than their definitions, each checked against a case counted by hand. Monday 2026-10-12
/// (Beijing) the dispatcher sends P, Q, R and S to UM. UM returns P and Q; P is re-dispatched to UM, Q to HOUSING. UM signs R and S,
/// then returns R, which is re-dispatched to UM and not signed again. D is answered at intake. The report runs on Wednesday.
/// </summary>
[Category("Integration")]
public sealed class KpiDefinitionSpecs : HotlineFixture
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 10, 12, 9, 0, 0, Beijing));
    private JsonElement _report;

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    [OneTimeSetUp]
    public async Task AMondayOfReturns()
    {
        var dispatcher = await As("dispatcher1");
        var um = await As("um.handler");
        var cases = new Dictionary<string, string>();
        foreach (var name in new[] { "P", "Q", "R", "S" })
        {
            cases[name] = (await Hotline.Api.FileCaseAsync(Requests.NightNoise($"case {name}"))).Number;
            await dispatcher.ActAsync(cases[name], "dispatch", new DispatchRequest("UM", [], null));
        }

        await Hotline.Api.FileCaseAsync(Requests.NightNoise("case D") with
        {
            RequestType = "consultation", CategoryCode = "100102", DirectAnswer = new DirectAnswerInput("已电话解答", null),
        });

        _clock.Set(new DateTimeOffset(2026, 10, 12, 10, 0, 0, Beijing));
        await um.ActAsync(cases["R"], "sign");
        await um.ActAsync(cases["S"], "sign");
        foreach (var (name, to) in new[] { ("P", "UM"), ("Q", "HOUSING"), ("R", "UM") })
        {
            await um.ActAsync(cases[name], "return", new ReturnRequest("not-our-duty", "请核实"));
            await dispatcher.ActAsync(cases[name], "redispatch", new DispatchRequest(to, [], null));
        }

        _clock.Set(new DateTimeOffset(2026, 10, 14, 9, 0, 0, Beijing));
        using var response = await (await As("supervisor1")).GetAsync(new Uri("/api/reports/kpi?month=2026-10&groupBy=department", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        _report = await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private JsonElement Row(string? department) => _report.GetProperty("rows").EnumerateArray()
        .Single(r => r.GetProperty("keys").GetProperty("department").GetString() == department);

    private static long Count(JsonElement row, string count) => row.GetProperty("counts").GetProperty(count).GetInt64();

    private static (long, long) Rate(JsonElement row, string rate)
    {
        var r = row.GetProperty("rates").GetProperty(rate);
        return (r.GetProperty("numerator").GetInt64(), r.GetProperty("denominator").GetInt64());
    }

    [Test]
    public void Re_dispatched_counts_only_cases_sent_to_another_department() =>
        Assert.Multiple(() =>
        {
            Assert.That(Count(Row("UM"), "redispatched"), Is.Zero, "P and R went back to UM, which returned them");
            Assert.That(Count(Row("HOUSING"), "redispatched"), Is.EqualTo(1), "Q went from UM to HOUSING");
            Assert.That(Count(_report.GetProperty("total"), "redispatched"), Is.EqualTo(1));
        });

    [Test]
    public void Signed_and_the_rates_built_on_it_count_the_current_round_only() =>
        Assert.Multiple(() =>
        {
            var um = Row("UM");
            Assert.That(Count(um, "received"), Is.EqualTo(3), "P, R and S lead by UM now");
            Assert.That(Count(um, "dispatched"), Is.EqualTo(4), "P, R, S, and Q, which UM returned and now lies with HOUSING");
            Assert.That(Count(um, "signed"), Is.EqualTo(1), "S; R was signed for in its earlier round only");
            Assert.That(Rate(um, "timelySignOff"), Is.EqualTo((1L, 4L)));
        });

    [Test]
    public void Cases_no_department_leads_are_in_the_centers_row_with_a_null_department() =>
        Assert.Multiple(() =>
        {
            var center = Row(null);
            Assert.That(center.GetProperty("labels").GetProperty("department").GetString(), Is.EqualTo("示范区12345热线中心"));
            Assert.That((Count(center, "received"), Count(center, "closedDirectly"), Count(center, "dispatched")), Is.EqualTo((1L, 1L, 0L)),
                "D, answered at intake");
            Assert.That(Rate(_report.GetProperty("total"), "directResolution"), Is.EqualTo((1L, 5L)));
            Assert.That(_report.GetProperty("total").GetProperty("rates").GetProperty("directResolution").GetProperty("value").GetDouble(), Is.EqualTo(0.2));
        });
}
