using System.Net;
using System.Net.Http.Json;
using Dapper;
using Dispatch.Api.Apis;
using Dispatch.Api.Apis.Administration;
using Dispatch.Contracts;
using Dispatch.Tests.Support;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// Case clocks on the real API with a clock the spec moves: dispatched on 2026-09-30 10:00 (Beijing), the day
/// before the National Day week. Nothing routes or sweeps in the background: the dispatcher dispatches by hand
/// and the spec sweeps when it has moved the clock.
/// </summary>
[Category("Integration")]
public sealed class DeadlineSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset BeforeNationalDay = new(2026, 9, 30, 10, 0, 0, Beijing);

    private readonly ManualClock _clock = new(BeforeNationalDay);

    [SetUp]
    public void BackToTheStart() => _clock.Set(BeforeNationalDay);

    private DeadlineSweeper Sweeper() => new(Db.Database,
        new DeadlineRulesStore(Db.Database, _clock, Options.Create(new DeadlineOptions())), _clock, TestAuditKeys.Ring,
        Options.Create(new DeadlineOptions { SweepBatchSize = 50 }), NullLogger<DeadlineSweeper>.Instance);

    private async Task<string> DispatchedToUm()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", [], null));
        return filed.Number;
    }

    private async Task<IReadOnlyList<ClockExplanation>> Deadlines(string number, string user = "supervisor1") =>
        (await (await As(user)).GetFromJsonAsync<List<ClockExplanation>>(new Uri($"/api/cases/{number}/deadlines", UriKind.Relative), ApiClient.Json))!;

    private static DateTimeOffset Bj(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Beijing);

    [Test]
    public async Task Dispatch_starts_both_clocks_by_the_policy_on_the_departments_calendar_and_explains_them()
    {
        var number = await DispatchedToUm();

        var clocks = await Deadlines(number);
        var umSees = await Deadlines(number, "um.handler");
        using var housing = await (await As("housing.handler")).GetAsync(new Uri($"/api/cases/{number}/deadlines", UriKind.Relative));
        var signOff = clocks.Single(c => c.Clock == "sign-off");
        var reply = clocks.Single(c => c.Clock == "reply");
        var view = await Hotline.Api.GetCaseAsync(number);

        Assert.Multiple(() =>
        {
            Assert.That((signOff.State, signOff.DueAt), Is.EqualTo(("running", Bj(10, 8, 10))));
            Assert.That(reply.DueAt, Is.EqualTo(Bj(10, 13, 10)));
            Assert.That((signOff.Policy.Id, signOff.Policy.Version), Is.EqualTo((5L, 1)));
            Assert.That((signOff.Calendar.Code, signOff.Calendar.Version, signOff.Calendar.TimeZone), Is.EqualTo(("CENTER", 1, "Asia/Shanghai")));
            Assert.That(signOff.TimeCountedHours, Is.EqualTo(7));
            Assert.That(signOff.DaysSkipped.Select(d => (d.Date.Day, d.Reason, d.Name)), Is.EqualTo(
                Enumerable.Range(1, 7).Select(d => (d, "holiday", (string?)"国庆节"))));
            Assert.That(reply.MakeUpDaysCounted.Select(d => d.Date), Is.EqualTo(new[] { new DateOnly(2026, 10, 10) }));
            Assert.That(reply.DaysSkipped.Select(d => d.Date.Day), Does.Contain(11), "Sunday 10-11 is a weekend");
            Assert.That(reply.Warnings, Is.Empty);
            Assert.That(umSees, Has.Count.EqualTo(2), "the department that disputes it sees the same explanation");
            Assert.That(housing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(view.NextDueAt, Is.EqualTo(Bj(10, 8, 10)));
        });
    }

    [Test]
    public async Task A_24x7_utility_desk_runs_on_its_own_calendar_and_urgent_cases_on_natural_time()
    {
        var water = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { RequestType = "help", CategoryCode = "070101" });
        await (await As("dispatcher1")).ActAsync(water.Number, "dispatch", new DispatchRequest("WATER", [], null));
        var urgent = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { Urgency = "urgent" });
        await (await As("dispatcher1")).ActAsync(urgent.Number, "dispatch", new DispatchRequest("UM", [], null));

        var waterReply = (await Deadlines(water.Number)).Single(c => c.Clock == "reply");
        var urgentReply = (await Deadlines(urgent.Number)).Single(c => c.Clock == "reply");

        Assert.Multiple(() =>
        {
            Assert.That((waterReply.Policy.Id, waterReply.Calendar.Code, waterReply.DueAt), Is.EqualTo((2L, "24X7", BeforeNationalDay.AddHours(24))));
            Assert.That((urgentReply.Policy.Id, urgentReply.DueAt, urgentReply.Limit), Is.EqualTo((1L, BeforeNationalDay.AddHours(2), "2 hours (natural time)")));
        });
    }

    [Test]
    public async Task Signing_stops_the_sign_off_clock_replying_the_reply_clock_and_a_return_stops_both()
    {
        var signed = await DispatchedToUm();
        var um = await As("um.handler");
        await um.ActAsync(signed, "sign");
        var returned = await DispatchedToUm();
        await um.ActAsync(returned, "return", new ReturnRequest("not-our-duty", "x"));
        var replied = await DispatchedToUm();
        await um.ActAsync(replied, "sign");
        await um.ActAsync(replied, "reply", new TextRequest("done"));

        Assert.Multiple(async () =>
        {
            Assert.That((await Deadlines(signed)).Select(c => (c.Clock, c.State)), Is.EquivalentTo(new[] { ("sign-off", "stopped"), ("reply", "running") }));
            Assert.That((await Deadlines(returned)).Select(c => c.State), Is.All.EqualTo("stopped"));
            Assert.That((await Deadlines(replied)).Select(c => c.State), Is.All.EqualTo("stopped"));
            Assert.That((await Hotline.Api.GetCaseAsync(returned)).NextDueAt, Is.Null);
            Assert.That(await Db.ScalarAsync<long>(
                "select count(*) from case_alarms a join cases c on c.id = a.case_id where c.number = @returned and a.fired_at is null", new { returned }),
                Is.Zero, "a stopped clock leaves no alarm to fire");
        });
    }

    [Test]
    public async Task A_sign_answers_the_next_deadline_as_stored_the_reply_clocks_not_the_stopped_sign_off_clocks()
    {
        var number = await DispatchedToUm();
        var signOff = (await Deadlines(number)).Single(c => c.Clock == "sign-off").DueAt;
        var answered = (await (await As("um.handler")).ActAsync(number, "sign")).NextDueAt;
        var reply = (await Deadlines(number)).Single(c => c.Clock == "reply").DueAt;

        Assert.Multiple(async () =>
        {
            Assert.That(reply, Is.Not.EqualTo(signOff), "the spec needs two different deadlines");
            Assert.That(answered, Is.EqualTo(reply), "the answer's deadline is the one still running");
            Assert.That((await Hotline.Api.GetCaseAsync(number)).NextDueAt, Is.EqualTo(answered), "as stored (cases.next_due_at)");
        });
    }

    [Test]
    public async Task A_redispatch_starts_new_clocks_for_the_next_department_from_the_moment_of_redispatch()
    {
        var number = await DispatchedToUm();
        await (await As("um.handler")).ActAsync(number, "return", new ReturnRequest("not-our-duty", "x"));
        _clock.Set(Bj(10, 9, 14));
        await (await As("dispatcher1")).ActAsync(number, "redispatch", new DispatchRequest("HOUSING", [], null));

        var signOff = (await Deadlines(number)).Single(c => c.Clock == "sign-off");

        Assert.That((signOff.State, signOff.StartedAt, signOff.DueAt), Is.EqualTo(("running", Bj(10, 9, 14), Bj(10, 10, 14))),
            "1 working day from Friday 14:00 ends on the make-up Saturday");
    }

    [Test]
    public async Task An_approved_extension_moves_the_reply_deadline()
    {
        var number = await DispatchedToUm();
        var um = await As("um.handler");
        await um.ActAsync(number, "sign");
        await um.ActAsync(number, "extension-requests", new ExtensionRequest(Bj(10, 20, 17, 30), "需协调"));
        await (await As("dispatcher1")).ActAsync(number, "extension-requests/approve", new NoteRequest(null));

        var reply = (await Deadlines(number)).Single(c => c.Clock == "reply");

        Assert.Multiple(() =>
        {
            Assert.That(reply.DueAt, Is.EqualTo(Bj(10, 20, 17, 30)));
            Assert.That(reply.Extensions, Has.Count.EqualTo(1));
            Assert.That(reply.Alarms.Where(a => a.FiredAt is null).Select(a => a.DueAt).Max(), Is.GreaterThan(Bj(10, 20, 17, 30)), "supervision after the new deadline");
        });
    }

    [Test]
    public async Task Waiting_on_the_caller_pauses_the_reply_clock_and_resuming_gives_back_the_time_that_was_left()
    {
        var number = await DispatchedToUm();
        await (await As("um.handler")).ActAsync(number, "sign");
        var dispatcher = await As("dispatcher1");
        _clock.Set(Bj(10, 8, 10)); // due 10-13 10:00: 28 working hours left (10-08 6, 10-09 7, make-up 10-10 7, 10-12 7, 10-13 1)
        await dispatcher.ActAsync(number, "clock/pause", new ReasonRequest("等待市民补充材料"));
        using var twice = await dispatcher.PostActionAsync(number, "clock/pause", new ReasonRequest("again"));
        var paused = (await Deadlines(number)).Single(c => c.Clock == "reply");
        _clock.Set(Bj(10, 12, 9)); // Monday morning
        await dispatcher.ActAsync(number, "clock/resume", new NoteRequest("材料已补充"));

        var resumed = (await Deadlines(number)).Single(c => c.Clock == "reply");

        Assert.Multiple(() =>
        {
            Assert.That(paused.State, Is.EqualTo("paused"));
            Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(resumed.State, Is.EqualTo("running"));
            Assert.That(resumed.DueAt, Is.EqualTo(Bj(10, 15, 17, 30)), "28 working hours from Monday 09:00: Mon to Thu, 7 each");
            Assert.That(resumed.Pauses.Single().Reason, Is.EqualTo("等待市民补充材料"));
        });
    }

    [Test]
    public async Task The_sweeper_warns_once_at_each_threshold_lets_the_holiday_week_pass_and_at_the_deadline_marks_overdue_and_returns_the_case()
    {
        var number = await DispatchedToUm();
        var sweeper = Sweeper();
        async Task<string[]> Events() => [.. (await Hotline.Api.GetHistoryAsync(number)).Skip(2).Select(h => h.Action)];

        _clock.Set(Bj(9, 30, 15, 30));
        await sweeper.SweepOnceAsync(CancellationToken.None);
        var afterHalf = await Events();
        await sweeper.SweepOnceAsync(CancellationToken.None);
        var afterAgain = await Events();
        _clock.Set(Bj(10, 7, 23)); // the whole National Day week later
        await sweeper.SweepOnceAsync(CancellationToken.None);
        var afterHoliday = await Events();
        _clock.Set(Bj(10, 8, 10, 1));
        await sweeper.SweepOnceAsync(CancellationToken.None);
        var history = await Hotline.Api.GetHistoryAsync(number);
        var view = await Hotline.Api.GetCaseAsync(number);
        var notified = await Db.QueryAsync<string>(
            "select message_type from outbox where case_id = (select id from cases where number = @number) order by id", new { number });

        Assert.Multiple(() =>
        {
            Assert.That(afterHalf, Is.EqualTo(new[] { "deadline-warning" }));
            Assert.That(afterAgain, Is.EqualTo(afterHalf), "a threshold fires once, not at every sweep");
            Assert.That(afterHoliday, Is.EqualTo(new[] { "deadline-warning", "deadline-warning" }), "80% fell on 09-30; nothing during the holidays");
            Assert.That(history.Skip(2).Select(h => (h.Action, h.ToState, h.DecidedBy, h.DecidedById, h.DecidedByVersion)), Is.EqualTo(new[]
            {
                ("deadline-warning", "dispatched", (string?)"sla-policy", (long?)5, (int?)1),
                ("deadline-warning", "dispatched", "sla-policy", 5, 1),
                ("mark-overdue", "dispatched", "sla-policy", 5, 1),
                ("return", "returned", "sla-policy", 5, 1),
            }));
            Assert.That(view.SignOffOverdueAt, Is.EqualTo(Bj(10, 8, 10, 1)));
            Assert.That(notified.Where(t => !t.EndsWith("CaseChanged", StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                typeof(CaseFiled).FullName, typeof(CaseDispatched).FullName, typeof(DeadlineWarningReached).FullName,
                typeof(DeadlineWarningReached).FullName, typeof(SignOffOverdue).FullName,
            }));
        });
    }

    [Test]
    public async Task When_every_alarm_of_a_case_falls_due_in_one_sweep_they_fire_in_order_and_the_automatic_return_silences_the_rest()
    {
        var number = await DispatchedToUm();
        var caseId = await Db.ScalarAsync<Guid>("select id from cases where number = @number", new { number });
        var planned = (await Deadlines(number)).Sum(c => c.Alarms.Count);
        _clock.Set(Bj(12, 31, 12)); // months late: both clocks' every threshold is due, and one sweep fires what each firing plans

        await Sweeper().SweepOnceAsync(CancellationToken.None);
        var pending = await Db.ScalarAsync<long>("select count(*) from case_alarms where case_id = @caseId and fired_at is null", new { caseId });
        var historyAfterOne = (await Hotline.Api.GetHistoryAsync(number)).Count;
        await Sweeper().SweepOnceAsync(CancellationToken.None);

        var history = await Hotline.Api.GetHistoryAsync(number);
        var clocks = await Db.QueryAsync<string>("select state from case_clocks where case_id = @caseId", new { caseId });
        var verified = await (await As("supervisor1")).GetFromJsonAsync<Dispatch.Workers.Cases.AuditVerification>(
            new Uri($"/api/cases/{number}/audit/verify", UriKind.Relative), ApiClient.Json);
        Assert.Multiple(() =>
        {
            Assert.That(planned, Is.EqualTo(7), "the spec needs reply-clock alarms that come after the sign-off deadline");
            Assert.That(pending, Is.Zero, "one sweep spends every alarm of the case");
            Assert.That(history, Has.Count.EqualTo(historyAfterOne), "a second sweep finds nothing of the case left to do");
            Assert.That(history.Skip(2).Select(h => h.Action), Is.EqualTo(new[] { "deadline-warning", "deadline-warning", "mark-overdue", "return" }),
                "the return stopped the reply clock, so its alarms later in the same batch did not fire");
            Assert.That(clocks, Is.All.EqualTo("stopped"));
            Assert.That(verified!.Intact, Is.True);
        });
    }

    [Test]
    public async Task A_running_clock_keeps_only_its_next_alarm_and_firing_it_writes_the_one_after_as_planned()
    {
        var number = await DispatchedToUm();
        var caseId = await Db.ScalarAsync<Guid>("select id from cases where number = @number", new { number });
        async Task<(string, int, bool)[]> Rows() => [.. await Db.QueryAsync<(string, int, bool)>(
            "select clock_kind, threshold, fired_at is not null from case_alarms where case_id = @caseId order by clock_kind, threshold", new { caseId })];
        var rowsAtStart = await Rows();
        var plannedAtStart = (await Deadlines(number)).Single(c => c.Clock == "sign-off").Alarms;
        _clock.Set(Bj(9, 30, 15, 30)); // past half the sign-off clock's working time

        await Sweeper().SweepOnceAsync(CancellationToken.None);

        var rowsAfter = await Rows();
        var plannedAfter = (await Deadlines(number)).Single(c => c.Clock == "sign-off").Alarms;
        Assert.Multiple(() =>
        {
            Assert.That(rowsAtStart, Is.EqualTo(new[] { ("reply", 50, false), ("sign-off", 50, false) }));
            Assert.That(plannedAtStart.Select(a => (a.Kind, a.Threshold, a.FiredAt)), Is.EqualTo(new[]
            {
                ("warning", 50, (DateTimeOffset?)null), ("warning", 80, null), ("overdue", 100, null),
            }), "the explanation shows the whole plan, not only the row");
            Assert.That(plannedAtStart.Select(a => a.DueAt), Is.EqualTo(new[] { Bj(9, 30, 15), Bj(9, 30, 17, 6), Bj(10, 8, 10) }),
                "3.5 and 5.6 of the 7 working hours, before the holiday week");
            Assert.That(rowsAfter, Is.EqualTo(new[] { ("reply", 50, false), ("sign-off", 50, true), ("sign-off", 80, false) }));
            Assert.That(plannedAfter.Select(a => (a.Threshold, a.DueAt, a.FiredAt)), Is.EqualTo(new[]
            {
                (50, Bj(9, 30, 15), (DateTimeOffset?)Bj(9, 30, 15, 30)), (80, Bj(9, 30, 17, 6), null), (100, Bj(10, 8, 10), null),
            }), "the written next is the one the plan promised");
        });
    }

    [Test]
    public async Task A_running_clock_plans_its_next_alarm_by_the_policy_version_it_started_under()
    {
        var admin = await As("admin1");
        using var created = await admin.PostAsJsonAsync(new Uri("/api/admin/sla-policies", UriKind.Relative), new PolicyRequest(null, 2, "乱堆乱放：5个工作日", [],
            "010101", null, new LimitRequest(5, "working-days"), new LimitRequest(10, "working-days"), [30, 60], false, 4, true));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var policyId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { CategoryCode = "010101" });
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", [], null));
        using var edited = await admin.PutAsJsonAsync(new Uri($"/api/admin/sla-policies/{policyId}", UriKind.Relative), new PolicyRequest(1, 2,
            "乱堆乱放：5个工作日", [], "010101", null, new LimitRequest(5, "working-days"), new LimitRequest(10, "working-days"), [90], false, 4, true));
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK), await edited.Content.ReadAsStringAsync());
        var signOff = (await Deadlines(filed.Number)).Single(c => c.Clock == "sign-off");
        _clock.Set(signOff.Alarms[0].DueAt.AddMinutes(1));

        await Sweeper().SweepOnceAsync(CancellationToken.None);

        var after = (await Deadlines(filed.Number)).Single(c => c.Clock == "sign-off");
        var warning = (await Hotline.Api.GetHistoryAsync(filed.Number))[^1];
        Assert.Multiple(() =>
        {
            Assert.That(signOff.Policy.Version, Is.EqualTo(1));
            Assert.That(after.Alarms.Select(a => (a.Threshold, a.FiredAt is not null)), Is.EqualTo(new[] { (30, true), (60, false), (100, false) }),
                "version 1's 60 %, not version 2's 90 %");
            Assert.That((warning.Action, warning.DecidedById, warning.DecidedByVersion), Is.EqualTo(("deadline-warning", (long?)policyId, (int?)1)));
        });
    }

    [Test]
    public async Task A_clock_whose_every_alarm_an_earlier_version_wrote_fires_each_once_in_order()
    {
        var number = await DispatchedToUm();
        var caseId = await Db.ScalarAsync<Guid>("select id from cases where number = @number", new { number });
        foreach (var clock in await Deadlines(number))
        {
            foreach (var alarm in clock.Alarms.Skip(1)) // the earlier version wrote the whole plan at the start
            {
                await Db.ScalarAsync<long>("""
                    with written as (insert into case_alarms (case_id, clock_kind, generation, kind, threshold, due_at)
                                     values (@caseId, @Clock, 1, @Kind, @Threshold, @DueAt) returning 1)
                    select count(*) from written
                    """, new { caseId, alarm.Clock, alarm.Kind, alarm.Threshold, alarm.DueAt });
            }
        }

        var written = await Db.ScalarAsync<long>("select count(*) from case_alarms where case_id = @caseId", new { caseId });
        _clock.Set(Bj(9, 30, 17, 30)); // both sign-off warnings are due, the deadline not yet
        var sweeper = Sweeper();
        while (await sweeper.SweepOnceAsync(CancellationToken.None) > 0)
        {
        }

        var afterWarnings = (await Hotline.Api.GetHistoryAsync(number)).Skip(2).Select(h => h.Action).ToList();
        _clock.Set(Bj(12, 31, 12));
        while (await sweeper.SweepOnceAsync(CancellationToken.None) > 0)
        {
        }

        var history = (await Hotline.Api.GetHistoryAsync(number)).Skip(2).Select(h => h.Action).ToList();
        var rows = await Db.ScalarAsync<long>("select count(*) from case_alarms where case_id = @caseId", new { caseId });
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(7));
            Assert.That(afterWarnings, Is.EqualTo(new[] { "deadline-warning", "deadline-warning" }), "both rows fired, neither twice");
            Assert.That(history, Is.EqualTo(new[] { "deadline-warning", "deadline-warning", "mark-overdue", "return" }));
            Assert.That(rows, Is.EqualTo(written), "the rows an earlier version wrote fire as they are; nothing was planned beside them");
        });
    }

    [Test]
    public async Task The_inbox_puts_the_nearest_deadline_first_and_filters_by_a_deadline_window()
    {
        var general = await DispatchedToUm();
        var urgent = await Hotline.Api.FileCaseAsync(Requests.NightNoise() with { Urgency = "urgent" });
        await (await As("dispatcher1")).ActAsync(urgent.Number, "dispatch", new DispatchRequest("UM", [], null));
        var um = await As("um.handler");

        var all = await um.GetFromJsonAsync<Dispatch.Workers.Cases.CasePage>(new Uri("/api/inbox?pageSize=100", UriKind.Relative), ApiClient.Json);
        var soon = await um.GetFromJsonAsync<Dispatch.Workers.Cases.CasePage>(new Uri("/api/inbox?dueWithinHours=1&pageSize=100", UriKind.Relative), ApiClient.Json);
        using var tooWide = await um.GetAsync(new Uri("/api/inbox?dueWithinHours=100000", UriKind.Relative));
        var order = all!.Items.Select(i => i.Number).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(all.Items.Select(i => i.NextDueAt ?? DateTimeOffset.MaxValue), Is.Ordered, "nearest deadline first");
            Assert.That(order.IndexOf(urgent.Number), Is.LessThan(order.IndexOf(general)));
            Assert.That(soon!.Items.Select(i => i.Number), Does.Contain(urgent.Number).And.Not.Contain(general), "urgent sign-off is due in 30 minutes");
            Assert.That(tooWide.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task A_sweeper_that_dies_mid_sweep_leaves_its_alarms_to_the_next_which_fires_them_once()
    {
        var number = await DispatchedToUm();
        var caseId = await Db.ScalarAsync<Guid>("select id from cases where number = @number", new { number });
        _clock.Set(Bj(9, 30, 15, 30)); // the 50 % warning is due

        // The dying sweeper: claims the due alarms in its transaction, then its process is killed before commit.
        var dying = await Db.Database.OpenAsync(CancellationToken.None);
        var transaction = await dying.BeginTransactionAsync();
        var claimed = (await dying.QueryAsync<long>("""
            select id from case_alarms where fired_at is null and due_at <= @Now and case_id = @caseId for update skip locked
            """, new { Now = _clock.GetUtcNow(), caseId }, transaction)).ToList();
        await Sweeper().SweepOnceAsync(CancellationToken.None); // meanwhile another sweeper skips the locked rows
        var whileHeld = (await Hotline.Api.GetHistoryAsync(number)).Count(h => h.Action == "deadline-warning");
        await dying.DisposeAsync(); // killed: no commit, the claim is released

        await Sweeper().SweepOnceAsync(CancellationToken.None);
        await Sweeper().SweepOnceAsync(CancellationToken.None);
        var warnings = (await Hotline.Api.GetHistoryAsync(number)).Count(h => h.Action == "deadline-warning");

        Assert.Multiple(() =>
        {
            Assert.That(claimed, Has.Count.EqualTo(1));
            Assert.That(whileHeld, Is.Zero, "locked by the dying sweeper: skipped, not fired twice");
            Assert.That(warnings, Is.EqualTo(1), "fired once by the next sweeper");
        });
    }

    [Test]
    public async Task Three_sweepers_at_once_fire_every_due_alarm_exactly_once()
    {
        var numbers = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var number = await DispatchedToUm();
            await (await As("um.handler")).ActAsync(number, "sign"); // sign-off stops; the reply clock plans 50 %, 80 %, due, supervision
            numbers.Add(number);
        }

        var ids = await Db.QueryAsync<Guid>("select id from cases where number = any(@numbers)", new { numbers = numbers.ToArray() });
        var pending = await Db.ScalarAsync<long>("select count(*) from case_alarms where fired_at is null and case_id = any(@ids)", new { ids = ids.ToArray() });
        _clock.Set(Bj(12, 31, 12));
        var sweepers = Enumerable.Range(0, 3).Select(_ => Sweeper()).ToList();

        var totals = await Task.WhenAll(sweepers.Select(async s =>
        {
            var fired = 0;
            for (int n; (n = await s.SweepOnceAsync(CancellationToken.None)) > 0;)
            {
                fired += n;
            }

            return fired;
        }));
        var perCase = await Db.QueryAsync<(string Action, long Count)>("""
            select action, count(*) from case_audit where case_id = any(@ids) and actor = 'system:sweeper' group by action
            """, new { ids = ids.ToArray() });

        Assert.Multiple(async () =>
        {
            Assert.That(pending, Is.EqualTo(20), "a running clock keeps only its next alarm");
            // Other specs' cases share this database, so the sweepers may fire more than these; these fire once each.
            Assert.That(totals.Sum(), Is.GreaterThanOrEqualTo(20 * 4));
            Assert.That(totals, Has.Some.GreaterThan(0));
            Assert.That(await Db.ScalarAsync<long>("select count(*) from case_alarms where fired_at is null and case_id = any(@ids)", new { ids = ids.ToArray() }), Is.Zero);
            Assert.That(perCase.ToDictionary(p => p.Action, p => p.Count), Is.EqualTo(new Dictionary<string, long>
            {
                ["deadline-warning"] = 40, ["mark-overdue"] = 20, ["supervise"] = 20,
            }));
        });
    }
}
