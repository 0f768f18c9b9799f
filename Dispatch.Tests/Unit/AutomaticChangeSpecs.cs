using Dispatch.Contracts;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Routing;
using static Dispatch.Tests.Support.ChangeScene;

namespace Dispatch.Tests.Unit;

/// <summary>
/// The decisions nobody types in, through the same function as people's: filing, the routing rules' dispatch, each alarm the
/// sweeper fires (and those that no longer apply), with the clocks they move and the alarm they plan next.
/// </summary>
[Category("Unit")]
public sealed class AutomaticChangeSpecs
{
    private static readonly string Sweeper = DeadlineSweeper.Actor;

    private static CaseChange Changed(ChangeOutcome outcome)
    {
        Assert.That(outcome, Is.TypeOf<ChangeOutcome.Changed>(), () => $"{outcome}");
        return ((ChangeOutcome.Changed)outcome).Change;
    }

    private static CaseRequest.ByAlarm Alarm(string clockKind, string kind, int threshold, int generation = 1, bool hasNext = false, SlaPolicy? policy = null) =>
        new(new DueAlarm
        {
            Id = 1, CaseId = Id, ClockKind = clockKind, Generation = generation, Kind = kind, Threshold = threshold, DueAt = Now, HasNext = hasNext,
        }, policy ?? Policy, Sweeper);

    private static CaseClocks Running(params CaseClock[] clocks) => CaseClocks.Read(Rules, clocks);

    [Test]
    public void Filing_records_the_case_as_filed_its_first_audit_entry_and_CaseFiled_alone()
    {
        var draft = new NewCase("complaint", "010201", "phone", "normal", new Caller("张三", "13800138000", false),
            new CaseLocation("DM", "DM-S02", null, null, "翠苑一区5幢", null, null), "夜间施工噪声", "晚上11点后工地仍在打桩", "agent:agent1");

        var filed = CaseChanges.File(Id, Number, draft, Now);

        var expected = new Case(Id, Number, CaseState.Filed, 1, "complaint", "010201", "phone", "normal", draft.Caller, draft.Location, "夜间施工噪声",
            "晚上11点后工地仍在打桩", null, [], "agent:agent1", Now, null, null, Now);
        Assert.Multiple(() =>
        {
            Assert.That(Json(filed.After), Is.EqualTo(Json(expected)));
            Assert.That(filed.Audit, Is.EqualTo(new AuditEntry(1, "file", null, "filed", "agent:agent1", null, null, null, null, Now)));
            Assert.That(filed.Events.Select(Describe), Is.EqualTo(new[] { Describe(new CaseFiled(Id, Number, "complaint", "010201", "normal", Now)) }),
                "a filing announces CaseFiled, not CaseChanged");
            Assert.That(filed.Records, Is.Empty);
        });
    }

    [Test]
    public void The_router_dispatches_by_its_rule_naming_the_rule_and_version_and_starts_both_clocks()
    {
        var filed = InState(CaseState.Filed);
        var decision = new RoutingDecision("UM", ["ENV"], CaseRouter.ByRule, 6, 1, "rule 6 v1 'noise' (priority 10) matched");

        var change = Changed(CaseChanges.Decide(filed, new CaseRequest.ByRouter(decision, RouteFiledCase.Actor), CaseClocks.Read(Rules, []), Now));

        var expected = filed with
        {
            Status = CaseState.Dispatched, Version = 2, LeadDepartmentCode = "UM", AssistingDepartmentCodes = ["ENV"], DispatchedAt = Now, UpdatedAt = Now,
            NextDueAt = Now.AddHours(2),
        };
        Assert.Multiple(() =>
        {
            Assert.That(Json(change.After), Is.EqualTo(Json(expected)));
            Assert.That(change.Steps.Single().Audit, Is.EqualTo(new AuditEntry(2, "dispatch", "filed", "dispatched", "system:router",
                "rule 6 v1 'noise' (priority 10) matched", "routing-rule", 6, 1, Now)));
            Assert.That(change.Steps.Single().Events.Select(Describe), Is.EqualTo(new object[]
            {
                new CaseChanged(Id, Number, "dispatch", "filed", "dispatched", "system:router", 2, Now),
                new CaseDispatched(Id, Number, "UM", ["ENV"], "routing-rule", 6, 1, Now),
            }.Select(Describe)));
            Assert.That(Describe(change.Clocks), Is.EqualTo(new[]
            {
                "start sign-off generation 1 (new), due now+2h, policy 7 v2, calendar CENTER v3, first alarm warning 50% at now+1h",
                "start reply generation 1 (new), due now+24h, policy 7 v2, calendar CENTER v3, first alarm warning 50% at now+12h",
                "next due now+2h, on the case",
            }));
        });
    }

    [Test]
    public void The_router_s_fallback_is_audited_as_such_and_a_case_no_policy_times_gets_no_clock()
    {
        var filed = InState(CaseState.Filed);
        var decision = new RoutingDecision("GOV", [], CaseRouter.ByFallback, null, null, "no enabled rule matched; sent to the fallback department GOV");

        var change = Changed(CaseChanges.Decide(filed, new CaseRequest.ByRouter(decision, RouteFiledCase.Actor), CaseClocks.Read(RulesWith(), []), Now));

        Assert.Multiple(() =>
        {
            Assert.That(change.After.LeadDepartmentCode, Is.EqualTo("GOV"));
            Assert.That(change.After.NextDueAt, Is.Null);
            Assert.That(change.Steps.Single().Audit.DecidedBy, Is.EqualTo("routing-fallback"));
            Assert.That(change.Steps.Single().Events[1], Is.TypeOf<CaseDispatched>().With.Property(nameof(CaseDispatched.DecidedBy)).EqualTo("routing-fallback"));
            Assert.That(Describe(change.Clocks), Is.EqualTo(new[] { "next due none, on the case" }));
        });
    }

    [Test]
    public void The_router_does_not_dispatch_a_case_that_moved_on()
    {
        var decision = new RoutingDecision("UM", [], CaseRouter.ByRule, 6, 1, "rule 6");

        var outcome = CaseChanges.Decide(InState(CaseState.Signed), new CaseRequest.ByRouter(decision, RouteFiledCase.Actor), CaseClocks.Unread(Rules), Now);

        Assert.That(outcome, Is.TypeOf<ChangeOutcome.Refused>().With.Property(nameof(ChangeOutcome.Refused.Decision))
            .Property(nameof(CaseDecision.Refused.State)).EqualTo(CaseState.Signed));
    }

    [Test]
    public void A_sign_off_breach_under_an_auto_return_policy_marks_the_case_overdue_returns_it_and_stops_every_clock()
    {
        var policy = Policy with { AutoReturnOnSignOffBreach = true };
        // Due on the sign-off clock: the returned case must no longer say so.
        var dispatched = InState(CaseState.Dispatched) with { NextDueAt = Now };
        var clocks = CaseClocks.Read(RulesWith(policy),
            [Clock(ClockKinds.SignOff, ClockStates.Running, Now.AddHours(-2), Now), Clock(ClockKinds.Reply, ClockStates.Running, Now.AddHours(-2), Now.AddHours(22))]);

        var change = Changed(CaseChanges.Decide(dispatched, Alarm(ClockKinds.SignOff, AlarmKinds.Overdue, 100, policy: policy), clocks, Now));

        var marked = dispatched with { Version = 3, UpdatedAt = Now, SignOffOverdueAt = Now };
        var returned = marked with { Status = CaseState.Returned, Version = 4, NextDueAt = null };
        Assert.Multiple(() =>
        {
            Assert.That(change.Steps.Select(s => Json(s.After)), Is.EqualTo(new[] { Json(marked), Json(returned) }));
            Assert.That(change.Steps.Select(s => s.Audit), Is.EqualTo(new[]
            {
                new AuditEntry(3, "mark-overdue", "dispatched", "dispatched", Sweeper,
                    $"not signed for by {Now:O}; returned to the center for re-dispatch (policy)", "sla-policy", 7, 2, Now),
                new AuditEntry(4, "return", "dispatched", "returned", Sweeper, $"auto-return: not signed for by {Now:O}", "sla-policy", 7, 2, Now),
            }));
            Assert.That(change.Steps.SelectMany(s => s.Events).Select(Describe), Is.EqualTo(new object[]
            {
                new CaseChanged(Id, Number, "mark-overdue", "dispatched", "dispatched", Sweeper, 3, Now),
                new SignOffOverdue(Id, Number, Now, "UM", AutoReturned: true, Now),
                new CaseChanged(Id, Number, "return", "dispatched", "returned", Sweeper, 4, Now),
            }.Select(Describe)));
            Assert.That(change.Steps[1].Records, Is.EqualTo(new[] { new CaseRecord.Returned("UM", InTime: false, Now) }), "returned late: it was overdue");
            Assert.That(Describe(change.Clocks), Is.EqualTo(new[]
            {
                "mark sign-off overdue now", "stop sign-off now after 7200s", "stop reply now after 7200s", "drop pending alarms of every clock",
                "next due none, on the case",
            }), "no next alarm: the clock stopped");
            Assert.That(change.Clocks.MovesClocks, Is.True, "the sweeper reads the case's clocks again");
        });
    }

    [Test]
    public void An_alarm_whose_next_is_already_due_plans_it_fired_so_the_same_sweep_acts_on_it()
    {
        // Due two hours after it started two hours ago: the warning at half time fires late, and the deadline is now.
        var clocks = Running(Clock(ClockKinds.SignOff, ClockStates.Running, Now.AddHours(-2), Now), Clock(ClockKinds.Reply, ClockStates.Running, Now.AddHours(-2), Now.AddHours(22)));

        var change = Changed(CaseChanges.Decide(InState(CaseState.Dispatched), Alarm(ClockKinds.SignOff, AlarmKinds.Warning, 50), clocks, Now));

        Assert.Multiple(() =>
        {
            Assert.That(Describe(change.Clocks), Is.EqualTo(new[] { "next due unchanged", "next sign-off alarm: overdue 100% at now (generation 1), fired now" }));
            Assert.That(change.Clocks.NextAlarm!.ToDue(), Has.Property(nameof(DueAlarm.Kind)).EqualTo(AlarmKinds.Overdue)
                .And.Property(nameof(DueAlarm.Threshold)).EqualTo(100).And.Property(nameof(DueAlarm.DueAt)).EqualTo(Now));
            Assert.That(change.Clocks.MovesClocks, Is.False);
        });
    }

    [Test]
    public void An_alarm_of_a_clock_that_already_holds_its_later_rows_plans_none()
    {
        var change = Changed(CaseChanges.Decide(InState(CaseState.Dispatched), Alarm(ClockKinds.SignOff, AlarmKinds.Warning, 50, hasNext: true),
            Running([.. ClocksIn(CaseState.Dispatched)]), Now));

        Assert.Multiple(() =>
        {
            Assert.That(change.Steps, Has.Count.EqualTo(1));
            Assert.That(change.Clocks.NextAlarm, Is.Null, "an earlier version wrote the rows after it; they fire as they are");
        });
    }

    private static IEnumerable<TestCaseData> AlarmsThatNoLongerApply()
    {
        var started = Now.AddHours(-1);
        yield return new TestCaseData(Clock(ClockKinds.SignOff, ClockStates.Stopped, started, started.AddHours(2)), 1).SetName("Its clock was stopped");
        yield return new TestCaseData(Clock(ClockKinds.SignOff, ClockStates.Running, started, started.AddHours(2), generation: 2), 1).SetName("Its clock was moved");
        yield return new TestCaseData(Clock(ClockKinds.SignOff, ClockStates.Paused, started, started.AddHours(2), pausedAt: Now), 1).SetName("Its clock is paused");
        yield return new TestCaseData(Clock(ClockKinds.Reply, ClockStates.Running, started, started.AddHours(24)), 1).SetName("Its case has no such clock");
    }

    [TestCaseSource(nameof(AlarmsThatNoLongerApply))]
    public void An_alarm_that_no_longer_applies_changes_nothing(CaseClock clock, int generation)
    {
        var change = Changed(CaseChanges.Decide(InState(CaseState.Dispatched), Alarm(ClockKinds.SignOff, AlarmKinds.Warning, 50, generation), Running(clock), Now));

        Assert.Multiple(() =>
        {
            Assert.That(change.Steps, Is.Empty);
            Assert.That(Describe(change.Clocks), Is.EqualTo(new[] { "next due unchanged" }));
        });
    }

    [Test]
    public void Past_the_grace_after_the_reply_deadline_the_case_goes_to_supervision_the_last_alarm_of_its_clock()
    {
        var due = Now.AddHours(-4);
        var signed = InState(CaseState.Signed);

        var change = Changed(CaseChanges.Decide(signed, Alarm(ClockKinds.Reply, AlarmKinds.Supervise, 101),
            Running(Clock(ClockKinds.SignOff, ClockStates.Stopped, due.AddHours(-26), due.AddHours(-24)), Clock(ClockKinds.Reply, ClockStates.Running, due.AddHours(-24), due)), Now));

        Assert.Multiple(() =>
        {
            Assert.That(Json(change.After), Is.EqualTo(Json(signed with { Version = 4, UpdatedAt = Now })));
            Assert.That(change.Steps.Single().Audit, Is.EqualTo(new AuditEntry(4, "supervise", "signed", "signed", Sweeper,
                $"reply overdue since {due:O} and past the policy's grace: supervision (督办)", "sla-policy", 7, 2, Now)));
            Assert.That(change.Steps.Single().Events.Select(Describe), Is.EqualTo(new object[]
            {
                new CaseChanged(Id, Number, "supervise", "signed", "signed", Sweeper, 4, Now), new SupervisionStarted(Id, Number, due, "UM", Now),
            }.Select(Describe)));
            Assert.That(Describe(change.Clocks), Is.EqualTo(new[] { "next due unchanged" }), "supervision is the reply clock's last alarm");
        });
    }

    [Test]
    public void An_alarm_tells_the_sub_unit_handling_the_case_not_only_its_lead()
    {
        var forwarded = InState(CaseState.Dispatched) with { HandlingDepartmentCode = "UM-SQ1" };

        var change = Changed(CaseChanges.Decide(forwarded, Alarm(ClockKinds.Reply, AlarmKinds.Warning, 50), Running([.. ClocksIn(CaseState.Dispatched)]), Now));

        Assert.That(change.Steps.Single().Events[1], Is.TypeOf<DeadlineWarningReached>()
            .With.Property(nameof(DeadlineWarningReached.DepartmentCode)).EqualTo("UM-SQ1"));
    }

    [Test]
    public void An_alarm_whose_policy_is_gone_still_acts_but_plans_no_next_and_returns_nothing()
    {
        var clocks = Running(Clock(ClockKinds.SignOff, ClockStates.Running, Now.AddHours(-2), Now), Clock(ClockKinds.Reply, ClockStates.Running, Now.AddHours(-2), Now.AddHours(22)));
        var request = new CaseRequest.ByAlarm(Alarm(ClockKinds.SignOff, AlarmKinds.Overdue, 100).Alarm, Policy: null, Sweeper);

        var change = Changed(CaseChanges.Decide(InState(CaseState.Dispatched), request, clocks, Now));

        Assert.Multiple(() =>
        {
            Assert.That(change.Steps.Select(s => s.Audit.Action), Is.EqualTo(new[] { "mark-overdue" }), "no auto-return without a policy that says so");
            Assert.That(Describe(change.Clocks), Is.EqualTo(new[] { "mark sign-off overdue now", "next due unchanged" }));
        });
    }

    [Test]
    public void An_alarm_on_a_case_whose_state_no_longer_allows_its_act_marks_the_clock_and_plans_the_next_but_records_nothing()
    {
        // A running reply clock on a returned case (data only an interrupted change could leave): the step is left out, the clock's bookkeeping is not.
        var change = Changed(CaseChanges.Decide(InState(CaseState.Returned), Alarm(ClockKinds.Reply, AlarmKinds.Overdue, 100),
            Running(Clock(ClockKinds.Reply, ClockStates.Running, Now.AddHours(-24), Now)), Now));

        Assert.Multiple(() =>
        {
            Assert.That(change.Steps, Is.Empty);
            Assert.That(Describe(change.Clocks), Is.EqualTo(new[]
            {
                "mark reply overdue now", "next due unchanged", "next reply alarm: supervise 101% at now+4h (generation 1)",
            }));
        });
    }

    [Test]
    public void A_deadline_that_moves_does_not_plan_again_an_alarm_its_clock_already_fired()
    {
        var signed = InState(CaseState.Signed) with { PendingExtensionUntil = Now.AddDays(3) };
        var fired = new HashSet<(string, int)> { (AlarmKinds.Warning, 50) };

        var change = Changed(CaseChanges.Decide(signed, new CaseRequest.ByPerson(new CaseCommand.ApproveExtension(null), Dispatcher, Catalogue, null, 3),
            CaseClocks.ReadForMove(Rules, ClocksIn(CaseState.Signed), Policy, fired), Now));

        Assert.That(Describe(change.Clocks), Is.EqualTo(new[]
        {
            "move reply to now+72h as generation 2, 0s more paused", "drop pending alarms of reply", "plan reply generation 2: overdue 100% at now+72h",
            "next due now+72h, on the case",
        }));
    }

    [Test]
    public void A_deadline_that_moves_needs_its_clock_s_policy_and_fired_alarms_read()
    {
        var signed = InState(CaseState.Signed) with { PendingExtensionUntil = Now.AddDays(3) };

        Assert.That(() => CaseChanges.Decide(signed, new CaseRequest.ByPerson(new CaseCommand.ApproveExtension(null), Dispatcher, Catalogue, null, 3),
            CaseClocks.Read(Rules, ClocksIn(CaseState.Signed)), Now), Throws.InvalidOperationException);
    }
}
