using System.Net;
using System.Net.Http.Json;
using Dapper;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>The closed loop through the real API, by the people entitled to move the case.</summary>
[Category("Integration")]
public sealed class LifecycleSpecs : HotlineFixture
{

    /// <summary>A night-noise complaint: the rules send it to UM (lead) with ENV assisting.</summary>
    private async Task<string> DispatchedNoiseCase(string title = "夜间施工噪声")
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise(title));
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        return filed.Number;
    }

    private async Task<string[]> Actions(string number) =>
        [.. (await Hotline.Api.GetHistoryAsync(number)).Select(h => h.Action)];

    [Test]
    public async Task A_case_travels_the_whole_closed_loop_and_every_step_is_audited_with_its_actor()
    {
        var number = await DispatchedNoiseCase();
        var um = await As("um.handler");
        var env = await As("env.handler");

        await um.ActAsync(number, "sign");
        await env.ActAsync(number, "notes", new TextRequest("已联系施工单位核实"));
        await env.ActAsync(number, "assist-replies", new TextRequest("环境监测：夜间噪声超标 8 分贝"));
        var resolved = await um.ActAsync(number, "reply", new TextRequest("已责令停止夜间施工，并处罚款"));
        var closed = await (await As("visitor1")).ActAsync(number, "return-visits",
            new ReturnVisitRequest(true, true, "basically-satisfied", "基本满意"));
        var history = await Hotline.Api.GetHistoryAsync(number);

        Assert.Multiple(() =>
        {
            Assert.That(resolved.Status, Is.EqualTo("resolved"));
            Assert.That(resolved.Reply, Is.EqualTo("已责令停止夜间施工，并处罚款"));
            Assert.That(closed.Status, Is.EqualTo("closed"));
            Assert.That(closed.CloseOutcome, Is.EqualTo("satisfied"));
            Assert.That(history.Select(h => h.Action), Is.EqualTo(new[]
            {
                "file", "dispatch", "sign", "add-note", "assist-reply", "reply", "close-after-visit",
            }));
            Assert.That(history.Select(h => h.Seq), Is.EqualTo(Enumerable.Range(1, 7)), "one row per version, no gaps");
            Assert.That(history.Skip(1).Zip(history).All(p => p.First.FromState == p.Second.ToState), Is.True, "an unbroken chain");
            Assert.That(history[2].Actor, Is.EqualTo("handler:um.handler@UM"));
            Assert.That(history[4].Actor, Is.EqualTo("handler:env.handler@ENV"));
            Assert.That(history[6].Actor, Is.EqualTo("visitor:visitor1"));
        });
    }

    [Test]
    public async Task A_returned_case_is_redispatched_to_another_department_which_then_handles_it()
    {
        var number = await DispatchedNoiseCase();
        var returned = await (await As("um.handler")).ActAsync(number, "return", new ReturnRequest("not-our-duty", "属于住建部门监管的工地"));
        var redispatched = await (await As("dispatcher1")).ActAsync(number, "redispatch",
            new DispatchRequest("HOUSING", ["ENV"], "改派住建局"));
        var signed = await (await As("housing.handler")).ActAsync(number, "sign");
        var history = await Hotline.Api.GetHistoryAsync(number);

        Assert.Multiple(() =>
        {
            Assert.That(returned.Status, Is.EqualTo("returned"));
            Assert.That(redispatched.LeadDepartmentCode, Is.EqualTo("HOUSING"));
            Assert.That(signed.Status, Is.EqualTo("signed"));
            Assert.That(history.Single(h => h.Action == "return").Reason, Is.EqualTo("not-our-duty: 属于住建部门监管的工地"));
        });
    }

    [Test]
    public async Task A_rejected_return_leaves_the_case_with_the_department_which_must_handle_it()
    {
        var number = await DispatchedNoiseCase();
        var um = await As("um.handler");
        await um.ActAsync(number, "return", new ReturnRequest("not-our-area", "不在辖区"));

        var rejected = await (await As("dispatcher1")).ActAsync(number, "reject-return", new NoteRequest("经核实属于辖区"));
        var replied = await um.ActAsync(number, "reply", new TextRequest("已处理"));

        Assert.Multiple(() =>
        {
            Assert.That(rejected.Status, Is.EqualTo("signed"));
            Assert.That(rejected.LeadDepartmentCode, Is.EqualTo("UM"));
            Assert.That(replied.Status, Is.EqualTo("resolved"));
        });
    }

    [Test]
    public async Task An_extension_is_requested_then_approved_or_refused_by_the_center()
    {
        var number = await DispatchedNoiseCase();
        var um = await As("um.handler");
        var dispatcher = await As("dispatcher1");
        await um.ActAsync(number, "sign");
        var until = DateTimeOffset.UtcNow.AddDays(10);

        var requested = await um.ActAsync(number, "extension-requests", new ExtensionRequest(until, "需协调多个部门"));
        using var second = await um.PostActionAsync(number, "extension-requests", new ExtensionRequest(until.AddDays(1), "再延"));
        var approved = await dispatcher.ActAsync(number, "extension-requests/approve", new NoteRequest("同意"));
        using var nothingToApprove = await dispatcher.PostActionAsync(number, "extension-requests/approve", new NoteRequest("again"));
        await um.ActAsync(number, "extension-requests", new ExtensionRequest(until.AddDays(5), "仍需时间"));
        var refused = await dispatcher.ActAsync(number, "extension-requests/refuse", new NoteRequest("不予延期"));

        Assert.Multiple(() =>
        {
            Assert.That(requested.PendingExtensionUntil, Is.EqualTo(until).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "one request at a time");
            Assert.That(approved.ExtendedUntil, Is.EqualTo(until).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(approved.PendingExtensionUntil, Is.Null);
            Assert.That(nothingToApprove.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(refused.PendingExtensionUntil, Is.Null);
            Assert.That(refused.ExtendedUntil, Is.EqualTo(until).Within(TimeSpan.FromMilliseconds(1)), "a refusal keeps the earlier extension");
        });
    }

    [Test]
    public async Task The_lead_forwards_to_its_sub_unit_which_signs_and_replies_while_the_lead_stays_accountable()
    {
        var number = await DispatchedNoiseCase();
        var um = await As("um.handler");
        await um.ActAsync(number, "sign");

        using var notASubUnit = await um.PostActionAsync(number, "forward", new ForwardRequest("ENV", null));
        var forwarded = await um.ActAsync(number, "forward", new ForwardRequest("UM-SQ1", "请一中队现场处置"));
        var squad = await As("um-sq1.handler");
        var inbox = await squad.GetFromJsonAsync<Dispatch.Workers.Cases.CasePage>(new Uri("/api/inbox", UriKind.Relative), ApiClient.Json);
        await squad.ActAsync(number, "sign");
        var replied = await squad.ActAsync(number, "reply", new TextRequest("已现场制止"));

        Assert.Multiple(() =>
        {
            Assert.That(notASubUnit.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(forwarded.Status, Is.EqualTo("dispatched"));
            Assert.That(forwarded.HandlingDepartmentCode, Is.EqualTo("UM-SQ1"));
            Assert.That(forwarded.LeadDepartmentCode, Is.EqualTo("UM"));
            Assert.That(inbox!.Items.Select(i => i.Number), Does.Contain(number));
            Assert.That(replied.Status, Is.EqualTo("resolved"));
        });
    }

    [Test]
    public async Task A_dissatisfied_caller_reopens_the_case_to_the_same_department_and_it_counts_as_a_redo()
    {
        var number = await DispatchedNoiseCase();
        var um = await As("um.handler");
        await um.ActAsync(number, "sign");
        await um.ActAsync(number, "reply", new TextRequest("已处理"));

        var reopened = await (await As("visitor1")).ActAsync(number, "return-visits", new ReturnVisitRequest(true, false, "dissatisfied", "仍在施工"));
        var visit = (await Db.QueryAsync<(bool Reached, bool? Resolved, string? Satisfaction, string? Department)>(
            "select reached, resolved, satisfaction, department from case_visits where case_id = (select id from cases where number = @number)",
            new { number })).Single();

        Assert.Multiple(() =>
        {
            Assert.That(visit, Is.EqualTo((true, (bool?)false, (string?)"dissatisfied", (string?)"UM")));
            Assert.That(reopened.Status, Is.EqualTo("dispatched"));
            Assert.That(reopened.LeadDepartmentCode, Is.EqualTo("UM"));
            Assert.That(reopened.RedoCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_caller_not_reached_after_the_configured_attempts_closes_the_case_as_unreachable()
    {
        var number = await DispatchedNoiseCase();
        var um = await As("um.handler");
        await um.ActAsync(number, "sign");
        await um.ActAsync(number, "reply", new TextRequest("已处理"));
        var visitor = await As("visitor1");

        var first = await visitor.ActAsync(number, "return-visits", new ReturnVisitRequest(false, null, null, "无人接听"));
        var second = await visitor.ActAsync(number, "return-visits", new ReturnVisitRequest(false, null, null, "关机"));
        var third = await visitor.ActAsync(number, "return-visits", new ReturnVisitRequest(false, null, null, "无人接听"));

        var visits = await Db.QueryAsync<(int Attempt, bool Reached, bool? Resolved, string? Satisfaction, string VisitedBy)>(
            "select attempt, reached, resolved, satisfaction, visited_by from case_visits where case_id = (select id from cases where number = @number) order by id",
            new { number });

        Assert.Multiple(() =>
        {
            Assert.That(visits, Is.EqualTo(new[]
            {
                (1, false, (bool?)null, (string?)null, "visitor:visitor1"), (2, false, null, null, "visitor:visitor1"), (3, false, null, null, "visitor:visitor1"),
            }), "each visit is kept as data");
            Assert.That((first.Status, first.VisitAttempts), Is.EqualTo(("resolved", 1)));
            Assert.That((second.Status, second.VisitAttempts), Is.EqualTo(("resolved", 2)));
            Assert.That((third.Status, third.CloseOutcome), Is.EqualTo(("closed", "unreachable")));
        });
    }

    [Test]
    public async Task A_merged_case_follows_its_master_and_closes_with_it()
    {
        var master = await DispatchedNoiseCase("工地夜间施工");
        var repeat = await DispatchedNoiseCase("同一工地又在夜间施工");
        var dispatcher = await As("dispatcher1");

        var merged = await dispatcher.ActAsync(repeat, "merge", new MergeRequest(master, "重复件"));
        using var intoItself = await dispatcher.PostActionAsync(master, "merge", new MergeRequest(master, null));
        var um = await As("um.handler");
        await um.ActAsync(master, "sign");
        await um.ActAsync(master, "reply", new TextRequest("已处理"));
        await (await As("visitor1")).ActAsync(master, "return-visits", new ReturnVisitRequest(true, true, "satisfied", null));
        var follower = await Hotline.Api.GetCaseAsync(repeat);

        Assert.Multiple(async () =>
        {
            Assert.That(merged.Status, Is.EqualTo("merged"));
            Assert.That(merged.MasterNumber, Is.EqualTo(master));
            Assert.That(intoItself.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((follower.Status, follower.CloseOutcome), Is.EqualTo(("closed", "merged")));
            Assert.That(await Actions(repeat), Is.EqualTo(new[] { "file", "dispatch", "merge", "close-with-master" }));
        });
    }

    [Test]
    public async Task An_action_the_state_does_not_allow_is_409_naming_the_state_and_the_actions_allowed_now()
    {
        var number = await DispatchedNoiseCase();

        using var response = await (await As("um.handler")).PostActionAsync(number, "reply", new TextRequest("太早了"));
        var problem = await response.ProblemAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.GetProperty("state").GetString(), Is.EqualTo("dispatched"));
            Assert.That(problem.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()),
                Is.SupersetOf(new[] { "sign", "return" }));
        });
    }

    [Test]
    public async Task Two_handlers_signing_at_once_one_wins_and_the_other_gets_409_with_the_current_state()
    {
        var number = await DispatchedNoiseCase();
        var um = await As("um.handler");

        var responses = await Task.WhenAll(um.PostActionAsync(number, "sign"), um.PostActionAsync(number, "sign"));
        var statuses = responses.Select(r => r.StatusCode).OrderBy(s => s).ToList();
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        var problem = await loser.ProblemAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
            Assert.That(problem.GetProperty("state").GetString(), Is.EqualTo("signed"));
            Assert.That((await Actions(number)).Count(a => a == "sign"), Is.EqualTo(1));
        });
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task An_action_that_loses_the_race_to_an_automatic_change_is_decided_again_on_the_new_version_and_done()
    {
        var number = await DispatchedNoiseCase();
        var um = await As("um.handler");
        var before = (await Hotline.Api.GetCaseAsync(number)).Version;

        // Stands for an automatic change (a sweeper's warning: same state, new version) whose transaction holds the row
        // while the handler's sign has read the case and waits to write it.
        await using var connection = await Db.Database.OpenAsync(CancellationToken.None);
        await using var change = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("update cases set version = version + 1 where number = @number", new { number }, change);
        var signing = um.PostActionAsync(number, "sign");
        await Poller.UntilAsync(() => Db.ScalarAsync<long>("""
            select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()
            """), waiting => waiting > 0, "the sign to wait for the case's row");
        await change.CommitAsync();

        using var signed = await signing;
        var history = await Actions(number);
        Assert.Multiple(async () =>
        {
            Assert.That(signed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signed.Content.ReadAsStringAsync());
            Assert.That((await Hotline.Api.GetCaseAsync(number)).Version, Is.EqualTo(before + 2), "the change, then the sign on top of it");
            Assert.That(history.Count(a => a == "sign"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Replaying_an_action_with_the_same_idempotency_key_does_nothing_twice()
    {
        var number = await DispatchedNoiseCase();
        var env = await As("env.handler");
        var key = Guid.NewGuid().ToString();

        using var first = await env.PostActionAsync(number, "notes", new TextRequest("已到现场"), key);
        using var replay = await env.PostActionAsync(number, "notes", new TextRequest("已到现场"), key);
        using var reused = await env.PostActionAsync(number, "notes", new TextRequest("另一条"), key);

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((await Actions(number)).Count(a => a == "add-note"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Urging_and_supervision_are_recorded_and_visible_to_the_department()
    {
        var number = await DispatchedNoiseCase();
        await (await As("dispatcher1")).ActAsync(number, "urge", new NoteRequest("请尽快签收"));
        await (await As("supervisor1")).ActAsync(number, "supervise", new NoteRequest("列入督办"));

        var history = await (await As("um.handler")).GetHistoryAsync(number);

        Assert.That(history.Where(h => h.Action is "urge" or "supervise").Select(h => (h.Action, h.Reason, h.Actor)), Is.EqualTo(new[]
        {
            ("urge", (string?)"请尽快签收", "dispatcher:dispatcher1"), ("supervise", "列入督办", "supervisor:supervisor1"),
        }));
    }
}
