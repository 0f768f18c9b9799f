using System.Net;
using System.Net.Http.Json;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The lists the console works from: a department's inbox and the center's list, nearest deadline first, each case with its deadline
/// light, polled with If-None-Match. On a clock the spec moves, dispatched by hand and swept by the spec (Monday 2026-11-23, 09:00
/// Beijing).
/// </summary>
[Category("Integration")]
public sealed class CaseListSpecs : HotlineFixture
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly ManualClock _clock = new(Monday);

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    [SetUp]
    public void BackToMonday() => _clock.Set(Monday);

    private DeadlineSweeper Sweeper() => new(Db.Database,
        new DeadlineRulesStore(Db.Database, _clock, Options.Create(new DeadlineOptions())), _clock, TestAuditKeys.Ring,
        Options.Create(new DeadlineOptions { SweepBatchSize = 50 }), NullLogger<DeadlineSweeper>.Instance);

    private async Task<string> DispatchedTo(string lead, string? title = null)
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise(title));
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest(lead, [], null));
        return filed.Number;
    }

    private async Task<(HttpResponseMessage Response, CasePage? Page)> List(string user, string uri, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, UriKind.Relative));
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        var response = await (await As(user)).SendAsync(request);
        return (response, response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<CasePage>(ApiClient.Json) : null);
    }

    private async Task<string?> LightOf(string number)
    {
        var (response, page) = await List("um.handler", "/api/inbox?pageSize=100");
        response.Dispose();
        return page!.Items.Single(i => i.Number == number).DeadlineState;
    }

    [Test]
    public async Task The_inbox_light_goes_from_on_time_to_warned_when_a_warning_fires_and_to_overdue_when_the_deadline_passes()
    {
        var number = await DispatchedTo("UM");
        var onTime = await LightOf(number);
        var firstWarning = await Db.ScalarAsync<DateTime>("""
            select min(a.due_at) from case_alarms a join cases c on c.id = a.case_id where c.number = @Number and a.kind = 'warning'
            """, new { Number = number });
        _clock.Set(new DateTimeOffset(firstWarning, TimeSpan.Zero).AddMinutes(1));
        await Sweeper().SweepOnceAsync(CancellationToken.None);
        var warned = await LightOf(number);
        var due = (await Hotline.Api.GetCaseAsync(number)).NextDueAt!.Value;
        _clock.Set(due.AddMinutes(1));
        var overdue = await LightOf(number);

        Assert.That(new[] { onTime, warned, overdue }, Is.EqualTo(new[] { "on-time", "warned", "overdue" }));
    }

    [Test]
    public async Task The_inbox_is_nearest_deadline_first_and_a_case_without_a_running_clock_comes_last_with_no_light()
    {
        var first = await DispatchedTo("ENV", "先派");
        _clock.Advance(TimeSpan.FromMinutes(30));
        var second = await DispatchedTo("ENV", "后派");
        var replied = await DispatchedTo("ENV", "已答复");
        var env = await As("env.handler");
        await env.ActAsync(replied, "sign");
        await env.ActAsync(replied, "reply", new TextRequest("已处理。"));
        var (response, page) = await List("env.handler", "/api/inbox?pageSize=100");
        response.Dispose();
        var mine = page!.Items.Where(i => i.Number == first || i.Number == second || i.Number == replied).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(page.Items.Select(i => i.NextDueAt ?? DateTimeOffset.MaxValue), Is.Ordered, "nearest deadline first, none last");
            Assert.That(mine.Select(i => (i.Number, i.DeadlineState)), Is.EqualTo(new[] { (first, "on-time"), (second, "on-time"), (replied, (string?)null) }));
        });
    }

    [Test]
    public async Task An_unchanged_page_answers_304_to_its_ETag_and_a_new_case_changes_it()
    {
        await DispatchedTo("HOUSING");
        var (first, _) = await List("housing.handler", "/api/inbox");
        var etag = first.Headers.ETag?.ToString();
        var noCache = first.Headers.CacheControl?.NoCache;
        first.Dispose();
        var (again, unchanged) = await List("housing.handler", "/api/inbox", etag);
        var againBody = await again.Content.ReadAsStringAsync();
        await DispatchedTo("HOUSING");
        var (afterNew, changed) = await List("housing.handler", "/api/inbox", etag);

        Assert.Multiple(() =>
        {
            Assert.That(etag, Does.StartWith("W/\""));
            Assert.That(noCache, Is.True, "polled, never served stale from a cache");
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(againBody, Is.Empty);
            Assert.That(afterNew.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterNew.Headers.ETag?.ToString(), Is.Not.EqualTo(etag));
            Assert.That(changed!.Total, Is.EqualTo(2));
        });
        again.Dispose();
        afterNew.Dispose();
    }

    [Test]
    public async Task The_center_lists_the_dispatchers_queues_and_the_return_visits_and_departments_may_not()
    {
        var waiting = (await Hotline.Api.FileCaseAsync(Requests.NightNoise("等待派单"))).Number;
        var returned = await DispatchedTo("PSB", "退回的");
        await (await As("psb.handler")).ActAsync(returned, "return", new ReturnRequest("not-our-duty", "不属于公安职责"));
        var extending = await DispatchedTo("PSB", "要延期的");
        var psb = await As("psb.handler");
        await psb.ActAsync(extending, "sign");
        await psb.ActAsync(extending, "extension-requests", new ExtensionRequest(Monday.AddDays(20), "需要协调多个部门"));
        var resolved = await DispatchedTo("PSB", "已答复的");
        await psb.ActAsync(resolved, "sign");
        await psb.ActAsync(resolved, "reply", new TextRequest("已处理完毕。"));

        var (filedList, filedPage) = await List("dispatcher1", "/api/cases?status=filed&pageSize=100");
        var (returnedList, returnedPage) = await List("dispatcher1", "/api/cases?status=returned&pageSize=100");
        var (extensionList, extensionPage) = await List("dispatcher1", "/api/cases?pendingExtension=true&pageSize=100");
        var (psbList, psbPage) = await List("supervisor1", "/api/cases?leadDepartmentCode=PSB&pageSize=100");
        var (visitList, visitPage) = await List("visitor1", "/api/cases?status=resolved&pageSize=100");
        var (handlerList, _) = await List("psb.handler", "/api/cases");
        var (badList, _) = await List("dispatcher1", "/api/cases?pendingExtension=maybe");

        Assert.Multiple(() =>
        {
            Assert.That(filedPage!.Items.Select(i => i.Number), Does.Contain(waiting).And.Not.Contain(returned));
            Assert.That(filedPage.Items.Select(i => i.Status), Has.All.EqualTo("filed"));
            Assert.That(returnedPage!.Items.Select(i => i.Number), Is.EqualTo(new[] { returned }));
            Assert.That(extensionPage!.Items.Select(i => i.Number), Is.EqualTo(new[] { extending }));
            Assert.That(extensionPage.Items[0].PendingExtensionUntil, Is.EqualTo(Monday.AddDays(20)));
            Assert.That(psbPage!.Items.Select(i => i.Number), Is.EquivalentTo(new[] { returned, extending, resolved }),
                "open cases led by PSB, a returned one too (it keeps its lead until re-dispatched)");
            Assert.That(visitPage!.Items.Select(i => i.Number), Is.EqualTo(new[] { resolved }));
            Assert.That(visitPage.Items[0].DeadlineState, Is.Null, "no clock runs once replied");
            Assert.That(handlerList.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(badList.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
        foreach (var response in new[] { filedList, returnedList, extensionList, psbList, visitList, handlerList, badList })
        {
            response.Dispose();
        }
    }
}
