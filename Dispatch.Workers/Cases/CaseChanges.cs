using Dispatch.Contracts;
using Dispatch.Workers.Deadlines;

namespace Dispatch.Workers.Cases;

/// <summary>
/// The one place a case changes. Turns what is asked of a case — a person's command, the routing rules' decision, a due alarm of
/// its clocks, the close of its master, the retention policy — with its clocks, their rules and the time, into the change: the new
/// case, its audit entry, its events, the records kept beside it and what happens to its clocks. Every change goes through
/// <see cref="CaseLifecycle"/> here. Pure: no bus, no database, no clock of its own; <see cref="CaseChangeWriter"/> writes the result.
/// </summary>
public static partial class CaseChanges
{
    private const string SlaPolicy = "sla-policy";

    /// <summary>
    /// Why <paramref name="request"/> may not change <paramref name="current"/>, as far as that is known without the clocks: the
    /// lifecycle refuses its action, or a person's command asks what cannot be done (a second extension request, a sub-unit that is
    /// not one, a closed master...). Null when it may go on; a unit of work reads what the change needs only then. An alarm is never
    /// refused: a step its case's state no longer allows is left out of its change.
    /// </summary>
    public static ChangeOutcome? Refusal(Case current, CaseRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(request);
        if (request is CaseRequest.ByAlarm)
        {
            return null;
        }

        if (CaseLifecycle.Decide(current.Status, request.ActionOn(current)) is CaseDecision.Refused refused)
        {
            return new ChangeOutcome.Refused(refused);
        }

        return request is CaseRequest.ByPerson person && Problem(current, person, now) is { } problem
            ? new ChangeOutcome.Invalid(problem.Field, problem.Problem)
            : null;
    }

    /// <summary>
    /// The change <paramref name="request"/> makes to <paramref name="current"/> at <paramref name="now"/>, given its
    /// <paramref name="clocks"/> as the unit of work read them; or why it makes none.
    /// </summary>
    public static ChangeOutcome Decide(Case current, CaseRequest request, CaseClocks clocks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clocks);
        if (request is CaseRequest.ByAlarm alarm)
        {
            return new ChangeOutcome.Changed(Fire(current, alarm, clocks, now));
        }

        if (Refusal(current, request, now) is { } refusal)
        {
            return refusal;
        }

        var transition = ((CaseDecision.Allowed)CaseLifecycle.Decide(current.Status, request.ActionOn(current))).Transition;
        if (request is CaseRequest.ByPerson { Command: CaseCommand.PauseClock or CaseCommand.ResumeClock } clockCommand
            && ReplyClockProblem(clockCommand.Command, clocks.Clocks) is { } clockProblem)
        {
            return new ChangeOutcome.Invalid("clock", clockProblem);
        }

        var step = request switch
        {
            CaseRequest.ByPerson person => ByPerson(current, person, transition, now),
            CaseRequest.ByRouter router => ByRouter(current, router, transition, now),
            CaseRequest.ByMaster master => ClosedWithMaster(current, master, transition, now),
            CaseRequest.ByRetention retention => Step(current,
                Advanced(current, transition, now) with { Caller = current.Caller with { Name = null, Phone = null } }, transition, retention.Actor,
                // The reason names the policy, never what was removed: the audit trail must not keep what the policy removes.
                $"closed more than {retention.Months} months ago (Retention:CallerDataMonths): caller name, phone, return-visit comments and the caller's own files removed",
                new Decider(retention.DecidedBy, null, null), [], [new CaseRecord.CallerAnonymised(now)], now),
            _ => throw new InvalidOperationException($"No change defined for {request.GetType().Name}."),
        };
        if (request is CaseRequest.ByPerson asked)
        {
            step = Cited(step, asked.Command);
        }

        var clockChange = ClockChanges.Plan(step.After, transition.Action, clocks, now);
        step = WithNextDue(step, clockChange);

        return new ChangeOutcome.Changed(new CaseChange(current, [step], clockChange)
        {
            ClosesFollowers = transition.Action is CaseAction.CloseDirectly or CaseAction.CloseAfterVisit or CaseAction.CloseUnreachable,
        });
    }

    /// <summary>
    /// The step that moves the clocks carries the case's next due time as they leave it, so the case a change returns is the case
    /// stored (CaseChangeWriter writes next_due_at from the same clock change).
    /// </summary>
    private static CaseStep WithNextDue(CaseStep step, ClockChange clocks) =>
        clocks.NextDue is NextDue.Known known ? step with { After = step.After with { NextDueAt = known.At } } : step;

    /// <summary>The files a person's command names as its evidence: named by the step's sealed audit row, and marked on their rows.</summary>
    private static CaseStep Cited(CaseStep step, CaseCommand command) => command is ICitesAttachments { AttachmentIds: { Count: > 0 } evidence }
        ? step with
        {
            Audit = step.Audit with { Reason = step.Audit.Reason + $" (attachments: {string.Join(", ", evidence)})" },
            Records = [.. step.Records, new CaseRecord.AttachmentsCited(evidence, step.Audit.Seq, step.Audit.Action)],
        }
        : step;

    /// <summary>The rule or policy (and its version) that decided an automatic step, as the audit entry names it.</summary>
    private sealed record Decider(string Name, long? Id, int? Version);

    /// <summary>The case one version on, in the transition's state.</summary>
    private static Case Advanced(Case current, CaseTransition transition, DateTimeOffset now) =>
        current with { Status = transition.To, Version = current.Version + 1, UpdatedAt = now };

    /// <summary>A step to <paramref name="after"/>, audited, announcing <see cref="CaseChanged"/> and then <paramref name="events"/>.</summary>
    private static CaseStep Step(Case before, Case after, CaseTransition transition, string actor, string? reason, Decider? decider,
        IReadOnlyList<object> events, IReadOnlyList<CaseRecord> records, DateTimeOffset now)
    {
        var audit = new AuditEntry(after.Version, transition.Action.ToWire(), transition.From?.ToWire(), transition.To.ToWire(), actor, reason,
            decider?.Name, decider?.Id, decider?.Version, now);
        return new CaseStep(after, audit,
            [new CaseChanged(before.Id, before.Number, audit.Action, audit.FromState, audit.ToState, audit.Actor, after.Version, now), .. events],
            records);
    }

    /// <summary>What an allowed command of a person does beyond the state: the case's fields, the audit reason, the events, the records.</summary>
    private static CaseStep ByPerson(Case current, CaseRequest.ByPerson request, CaseTransition transition, DateTimeOffset now)
    {
        var next = Advanced(current, transition, now);
        var actor = request.Actor.ToString();
        CaseStep Done(Case after, string? reason, IReadOnlyList<object> events, IReadOnlyList<CaseRecord> records) =>
            Step(current, after, transition, actor, reason, null, events, records, now);

        switch (request.Command)
        {
            case CaseCommand.Sign:
                return Done(next with { SignedAt = now }, null, [], []);
            case CaseCommand.Return r:
                return Returned(current, next, transition, actor, $"{r.ReasonCode}: {r.Note}", null, now);
            case CaseCommand.AddNote n:
                return Done(next, n.Text, [], []);
            case CaseCommand.AssistReply a:
                return Done(next, $"[{request.Actor.DepartmentCode}] {a.Text}", [], []);
            case CaseCommand.RequestExtension e:
                return Done(next with { PendingExtensionUntil = e.Until.ToUniversalTime() }, $"until {e.Until.ToUniversalTime():O}: {e.Reason}", [], []);
            case CaseCommand.ApproveExtension a:
                return Done(next with { ExtendedUntil = current.PendingExtensionUntil, PendingExtensionUntil = null },
                    $"until {current.PendingExtensionUntil:O}" + (a.Note is null ? "" : $": {a.Note}"), [], []);
            case CaseCommand.RefuseExtension f:
                return Done(next with { PendingExtensionUntil = null }, f.Note, [], []);
            case CaseCommand.Forward f:
                return Done(next with
                {
                    HandlingDepartmentCode = f.DepartmentCode, SignedAt = null,
                    GridStationCode = request.Catalogue.GridStation(f.DepartmentCode) is null ? current.GridStationCode : f.DepartmentCode,
                }, $"to {f.DepartmentCode}" + Suffix(f.Note), [], []);
            case CaseCommand.VerifyOnSite v:
                // Where the worker stood is part of the sealed record; the photos are named by Decide as every action's evidence.
                return Done(next with { SiteVisits = current.SiteVisits + 1 },
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"on site at {v.Latitude:F6},{v.Longitude:F6}: {v.Text}"), [], []);
            case CaseCommand.CloseOnSpot c:
                var onSpot = next with { Reply = c.Resolution, ResolvedAt = now, ClosedAt = now, CloseOutcome = CloseOutcomes.OnSpot };
                return Done(onSpot, c.Resolution, [Closed(onSpot, now)], []);
            case CaseCommand.Reply r:
                return Done(next with { Reply = r.Text, ResolvedAt = now, PendingExtensionUntil = null }, r.Text, [], []);
            case CaseCommand.Dispatch d:
                return Assigned(next, d.LeadDepartmentCode, d.AssistingDepartmentCodes, d.Note);
            case CaseCommand.Redispatch d:
                return Assigned(next, d.LeadDepartmentCode, d.AssistingDepartmentCodes, d.Note);
            case CaseCommand.RejectReturn r:
                return Done(next with { SignedAt = now }, r.Note, [], []);
            case CaseCommand.Merge m:
                var master = request.Master!;
                return Done(next with { MasterCaseId = master.Id, MasterNumber = master.Number, HandlingDepartmentCode = null },
                    $"into {master.Number}" + Suffix(m.Note), [], []);
            case CaseCommand.PauseClock pause:
                return Done(next, pause.Reason, [], []);
            case CaseCommand.ResumeClock resume:
                return Done(next, resume.Note, [], []);
            case CaseCommand.Urge u:
                return Done(next, u.Note, [], []);
            case CaseCommand.Supervise s:
                return Done(next, s.Note, [], []);
            case CaseCommand.CloseDirectly c:
                var answered = next with { Reply = c.Answer, ClosedAt = now, CloseOutcome = CloseOutcomes.Direct };
                if (c.KnowledgeEntryIds.Count == 0)
                {
                    return Done(answered, c.Answer, [Closed(answered, now)], []);
                }

                // The entries the answer cites: named by the audit entry (and sealed with it), and kept beside the case for the report.
                var cited = Done(answered, c.Answer, [Closed(answered, now)], [new CaseRecord.Cited(c.KnowledgeEntryIds, actor, now)]);
                return cited with { Audit = cited.Audit with { KnowledgeEntryIds = c.KnowledgeEntryIds } };
            case CaseCommand.Attach a:
                return Done(next, a.File.Described(), [], [new CaseRecord.Attached(a.File, actor, next.Version, now)]);
            case CaseCommand.ReleaseAttachment r:
                return Done(next, $"file {r.AttachmentId} released to the departments" + (r.Note is null ? "" : ": " + r.Note), [],
                    [new CaseRecord.AttachmentReleased(r.AttachmentId, actor, now)]);
            case CaseCommand.ReturnVisit v:
                return Visited(current, next, transition.Action, v, request, Done, now);
            default:
                throw new InvalidOperationException($"No change defined for {request.Command.GetType().Name}.");
        }

        CaseStep Assigned(Case after, string lead, IReadOnlyList<string> assisting, string? note)
        {
            var others = assisting.Where(a => a != lead).Distinct().ToList();
            var assigned = after with
            {
                LeadDepartmentCode = lead, AssistingDepartmentCodes = others, HandlingDepartmentCode = null, DispatchedAt = now,
                SignedAt = null, PendingExtensionUntil = null,
            };
            var reason = $"to {lead}" + (others.Count > 0 ? $" with {string.Join(", ", others)}" : "") + Suffix(note);
            return Done(assigned, reason, [Dispatched(assigned, "dispatcher", null, null, now)], []);
        }
    }

    /// <summary>
    /// 回访: reached or not, and how it went, decide the action (see <see cref="CaseCommand.ReturnVisit.Outcome"/>). The audit
    /// reason keeps the answers, never the comment: that is what the caller said, and it stays in the visit's record.
    /// </summary>
    private static CaseStep Visited(Case current, Case next, CaseAction action, CaseCommand.ReturnVisit visit, CaseRequest.ByPerson request,
        Func<Case, string?, IReadOnlyList<object>, IReadOnlyList<CaseRecord>, CaseStep> done, DateTimeOffset now)
    {
        var reason = $"reached={visit.Reached}" + (visit.Reached ? $", resolved={visit.Resolved}, {visit.Satisfaction}" : "");
        IReadOnlyList<CaseRecord> records =
        [
            new CaseRecord.Visited(current.VisitAttempts + 1, visit.Reached, visit.Reached ? visit.Resolved : null,
                visit.Reached ? visit.Satisfaction : null, visit.Comment, current.LeadDepartmentCode, request.Actor.ToString(), now),
        ];
        switch (action)
        {
            case CaseAction.RecordVisitAttempt:
                return done(next with { VisitAttempts = current.VisitAttempts + 1 }, reason, [], records);
            case CaseAction.CloseUnreachable:
                var unreachable = next with { VisitAttempts = current.VisitAttempts + 1, ClosedAt = now, CloseOutcome = CloseOutcomes.Unreachable };
                return done(unreachable, reason, [Closed(unreachable, now)], records);
            case CaseAction.CloseAfterVisit:
                var satisfied = next with { ClosedAt = now, CloseOutcome = CloseOutcomes.Satisfied };
                return done(satisfied, reason, [Closed(satisfied, now)], records);
            default: // Reopen (重办): back to the same department; counts against it.
                var reopened = next with
                {
                    RedoCount = current.RedoCount + 1, DispatchedAt = now, SignedAt = null, ResolvedAt = null, HandlingDepartmentCode = null,
                    VisitAttempts = 0,
                };
                return done(reopened, reason, [Dispatched(reopened, "reopen", null, null, now)], records);
        }
    }

    /// <summary>派单 by the routing rules: the decision's departments, and which rule (and version) or the fallback decided.</summary>
    private static CaseStep ByRouter(Case current, CaseRequest.ByRouter request, CaseTransition transition, DateTimeOffset now)
    {
        var decision = request.Decision;
        var dispatched = Advanced(current, transition, now) with
        {
            LeadDepartmentCode = decision.LeadDepartmentCode, AssistingDepartmentCodes = decision.AssistingDepartmentCodes, DispatchedAt = now,
        };
        return Step(current, dispatched, transition, request.Actor, decision.Explanation,
            new Decider(decision.DecidedBy, decision.RuleId, decision.RuleVersion),
            [Dispatched(dispatched, decision.DecidedBy, decision.RuleId, decision.RuleVersion, now)], [], now);
    }

    /// <summary>A merged case closes when its master does, as merged.</summary>
    private static CaseStep ClosedWithMaster(Case current, CaseRequest.ByMaster request, CaseTransition transition, DateTimeOffset now)
    {
        var closed = Advanced(current, transition, now) with { ClosedAt = now, CloseOutcome = CloseOutcomes.Merged };
        return Step(current, closed, transition, request.Actor, $"master case {request.MasterNumber} closed", null, [Closed(closed, now)], [], now);
    }

    /// <summary>
    /// 退单, by a department or automatically: back to the center, with no department handling it and no extension waiting; the
    /// return is kept for the return rate.
    /// </summary>
    private static CaseStep Returned(Case before, Case next, CaseTransition transition, string actor, string reason, Decider? decider, DateTimeOffset now)
    {
        var returned = next with { HandlingDepartmentCode = null, SignedAt = null, PendingExtensionUntil = null };
        IReadOnlyList<CaseRecord> records = before.LeadDepartmentCode is { } returnedBy
            ? [new CaseRecord.Returned(returnedBy, before.SignOffOverdueAt is null && returned.SignOffOverdueAt is null, now)]
            : [];
        return Step(before, returned, transition, actor, reason, decider, [], records, now);
    }

    /// <summary>
    /// Acts on a due alarm of the case's clock: a warning to the handling department at each threshold; at the sign-off deadline,
    /// overdue for sign-off, the center notified, and the case returned for re-dispatch where the policy says so; at the reply
    /// deadline, overdue, escalated to the department's head; after the grace, supervision (督办). Each act is a step through the
    /// lifecycle, left out when the case's state no longer allows it. Unless the act stopped the clock, the clock's next alarm is
    /// planned. An alarm whose clock was stopped, paused or moved since changes nothing.
    /// </summary>
    private static CaseChange Fire(Case current, CaseRequest.ByAlarm request, CaseClocks clocks, DateTimeOffset now)
    {
        var alarm = request.Alarm;
        if (alarm.RunningClockIn(clocks.Clocks) is not { } clock)
        {
            return new CaseChange(current, [], ClockChange.None);
        }

        var department = current.HandlingDepartmentCode ?? current.LeadDepartmentCode;
        var clockName = alarm.ClockKind == ClockKinds.SignOff ? "sign-off" : "reply";
        var decider = new Decider(SlaPolicy, clock.PolicyId, clock.PolicyVersion);
        var steps = new List<CaseStep>(2);
        var writes = new List<ClockWrite>(1);
        CaseStep? Record(Case before, CaseAction action, string reason, IReadOnlyList<object> events, Func<Case, Case> change)
        {
            if (CaseLifecycle.Decide(before.Status, action) is not CaseDecision.Allowed allowed)
            {
                return null;
            }

            var step = Step(before, change(Advanced(before, allowed.Transition, now)), allowed.Transition, request.Actor, reason, decider, events, [], now);
            steps.Add(step);
            return step;
        }

        switch (alarm.Kind)
        {
            case AlarmKinds.Warning:
                Record(current, CaseAction.DeadlineWarning, $"{clockName} clock {alarm.Threshold}% used; due {clock.DueAt:O}",
                    [new DeadlineWarningReached(current.Id, current.Number, alarm.ClockKind, alarm.Threshold, clock.DueAt, department, now)], c => c);
                break;
            case AlarmKinds.Overdue when alarm.ClockKind == ClockKinds.SignOff:
            {
                writes.Add(new ClockWrite.MarkOverdue(alarm.ClockKind, now));
                var autoReturn = request.Policy?.AutoReturnOnSignOffBreach == true && current.Status == CaseState.Dispatched;
                var marked = Record(current, CaseAction.MarkOverdue,
                    $"not signed for by {clock.DueAt:O}" + (autoReturn ? "; returned to the center for re-dispatch (policy)" : ""),
                    [new SignOffOverdue(current.Id, current.Number, clock.DueAt, department, autoReturn, now)],
                    c => c with { SignOffOverdueAt = c.SignOffOverdueAt ?? now });
                if (autoReturn && marked is not null
                    && CaseLifecycle.Decide(marked.After.Status, CaseAction.Return) is CaseDecision.Allowed returning)
                {
                    var returned = Returned(marked.After, Advanced(marked.After, returning.Transition, now), returning.Transition, request.Actor,
                        $"auto-return: not signed for by {clock.DueAt:O}", decider, now);
                    // Returning stops every clock: this one has no next alarm, and the returned case carries none.
                    var stopped = ClockChanges.Plan(returned.After, CaseAction.Return, clocks, now);
                    steps.Add(WithNextDue(returned, stopped));
                    return new CaseChange(current, steps, new ClockChange([.. writes, .. stopped.Writes], stopped.NextDue));
                }

                break;
            }

            case AlarmKinds.Overdue:
                writes.Add(new ClockWrite.MarkOverdue(alarm.ClockKind, now));
                Record(current, CaseAction.MarkOverdue, $"not replied to by {clock.DueAt:O}; escalated to the department head",
                    [new ReplyOverdue(current.Id, current.Number, clock.DueAt, department, now)], c => c with { ReplyOverdueAt = c.ReplyOverdueAt ?? now });
                break;
            case AlarmKinds.Supervise:
                Record(current, CaseAction.Supervise, $"reply overdue since {clock.DueAt:O} and past the policy's grace: supervision (督办)",
                    [new SupervisionStarted(current.Id, current.Number, clock.DueAt, department, now)], c => c);
                break;
        }

        return new CaseChange(current, steps, new ClockChange(writes, NextDue.Unchanged)
        {
            NextAlarm = alarm.HasNext ? null : ClockChanges.NextAlarm(alarm, clock, request.Policy, clocks.Rules, now),
        });
    }

    /// <summary>A case that closes announces how: directly, satisfied, unreachable, or with its master.</summary>
    private static CaseClosed Closed(Case closed, DateTimeOffset now) => new(closed.Id, closed.Number, closed.CloseOutcome!, now);

    /// <summary>The one shape of <see cref="CaseDispatched"/>, whoever dispatched: which rule (and version) decided, if one did.</summary>
    private static CaseDispatched Dispatched(Case dispatched, string decidedBy, long? ruleId, int? ruleVersion, DateTimeOffset now) =>
        new(dispatched.Id, dispatched.Number, dispatched.LeadDepartmentCode!, dispatched.AssistingDepartmentCodes, decidedBy, ruleId, ruleVersion, now);

    private static string Suffix(string? note) => string.IsNullOrWhiteSpace(note) ? "" : $": {note}";
}
