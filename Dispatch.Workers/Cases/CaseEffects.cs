using Dispatch.Contracts;
using Dispatch.Workers.Access;

namespace Dispatch.Workers.Cases;

/// <summary>
/// What an allowed action does to a case: the new case, the audit row's reason and the events. Pure; the
/// store writes the result in one transaction. Rules that depend on more than the state (a pending
/// extension, a sub-unit, an open master case) are checked here and refused with the field at fault.
/// </summary>
public static class CaseEffects
{
    public static EffectResult Apply(Case current, CaseCommand command, CaseTransition transition, Actor actor,
        DateTimeOffset now, Catalogue.Catalogue catalogue, Case? master)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(catalogue);
        var next = current with { Status = transition.To, Version = current.Version + 1, UpdatedAt = now };
        string? reason;
        switch (command)
        {
            case CaseCommand.Sign:
                (next, reason) = (next with { SignedAt = now }, null);
                break;
            case CaseCommand.Return r:
                (next, reason) = (next with { HandlingDepartmentCode = null, SignedAt = null, PendingExtensionUntil = null }, $"{r.ReasonCode}: {r.Note}");
                break;
            case CaseCommand.AddNote n:
                reason = n.Text;
                break;
            case CaseCommand.AssistReply a:
                reason = $"[{actor.DepartmentCode}] {a.Text}";
                break;
            case CaseCommand.RequestExtension e:
                if (current.PendingExtensionUntil is not null)
                {
                    return EffectResult.Invalid("until", "An extension request is already waiting for the center's answer.");
                }

                if (e.Until <= now || (current.ExtendedUntil is { } extended && e.Until <= extended))
                {
                    return EffectResult.Invalid("until", "The proposed deadline must be later than now and than any extension already granted.");
                }

                (next, reason) = (next with { PendingExtensionUntil = e.Until.ToUniversalTime() }, $"until {e.Until.ToUniversalTime():O}: {e.Reason}");
                break;
            case CaseCommand.ApproveExtension or CaseCommand.RefuseExtension when current.PendingExtensionUntil is null:
                return EffectResult.Invalid("extension", "There is no extension request waiting for an answer.");
            case CaseCommand.ApproveExtension a:
                (next, reason) = (next with { ExtendedUntil = current.PendingExtensionUntil, PendingExtensionUntil = null },
                    $"until {current.PendingExtensionUntil:O}" + (a.Note is null ? "" : $": {a.Note}"));
                break;
            case CaseCommand.RefuseExtension f:
                (next, reason) = (next with { PendingExtensionUntil = null }, f.Note);
                break;
            case CaseCommand.Forward f:
            {
                var lead = current.LeadDepartmentCode!;
                if (f.DepartmentCode == lead || !catalogue.IsDepartmentWithin(f.DepartmentCode, lead))
                {
                    return EffectResult.Invalid("departmentCode", $"'{f.DepartmentCode}' is not a sub-unit of the lead department {lead}.");
                }

                (next, reason) = (next with { HandlingDepartmentCode = f.DepartmentCode, SignedAt = null }, $"to {f.DepartmentCode}" + Suffix(f.Note));
                break;
            }

            case CaseCommand.Reply r:
                (next, reason) = (next with { Reply = r.Text, ResolvedAt = now, PendingExtensionUntil = null }, r.Text);
                break;
            case CaseCommand.Dispatch d:
                return Assign(next, d.LeadDepartmentCode, d.AssistingDepartmentCodes, d.Note, catalogue, now);
            case CaseCommand.Redispatch d:
                return Assign(next, d.LeadDepartmentCode, d.AssistingDepartmentCodes, d.Note, catalogue, now);
            case CaseCommand.RejectReturn r:
                (next, reason) = (next with { SignedAt = now }, r.Note);
                break;
            case CaseCommand.Merge m:
                if (master is null)
                {
                    return EffectResult.Invalid("masterNumber", $"There is no case {m.MasterNumber}.");
                }

                if (master.Id == current.Id || master.Status is CaseState.Closed or CaseState.Merged)
                {
                    return EffectResult.Invalid("masterNumber", $"Case {master.Number} is {master.Status.ToWire()}; merge into an open case other than this one.");
                }

                (next, reason) = (next with { MasterCaseId = master.Id, MasterNumber = master.Number, HandlingDepartmentCode = null }, $"into {master.Number}" + Suffix(m.Note));
                break;
            case CaseCommand.PauseClock pause:
                reason = pause.Reason;
                break;
            case CaseCommand.ResumeClock resume:
                reason = resume.Note;
                break;
            case CaseCommand.Urge u:
                reason = u.Note;
                break;
            case CaseCommand.Supervise s:
                reason = s.Note;
                break;
            case CaseCommand.CloseDirectly c:
                if (current.RequestType is "complaint" or "report")
                {
                    return EffectResult.Invalid("requestType", "A complaint or a report concerns someone else and goes to a department; it cannot be closed on the call.");
                }

                next = next with { Reply = c.Answer, ClosedAt = now, CloseOutcome = CloseOutcomes.Direct };
                return EffectResult.Done(next, c.Answer, [Closed(next, now)], closesFollowers: true);
            case CaseCommand.ReturnVisit v:
                // The comment is what the caller said: it stays in case_visits, where retention can remove it, never in the audit row.
                reason = $"reached={v.Reached}" + (v.Reached ? $", resolved={v.Resolved}, {v.Satisfaction}" : "");
                switch (transition.Action)
                {
                    case CaseAction.RecordVisitAttempt:
                        next = next with { VisitAttempts = current.VisitAttempts + 1 };
                        break;
                    case CaseAction.CloseUnreachable:
                        next = next with { VisitAttempts = current.VisitAttempts + 1, ClosedAt = now, CloseOutcome = CloseOutcomes.Unreachable };
                        return EffectResult.Done(next, reason, [Closed(next, now)], closesFollowers: true);
                    case CaseAction.CloseAfterVisit:
                        next = next with { ClosedAt = now, CloseOutcome = CloseOutcomes.Satisfied };
                        return EffectResult.Done(next, reason, [Closed(next, now)], closesFollowers: true);
                    default: // Reopen (重办): back to the same department; counts against it.
                        next = next with
                        {
                            RedoCount = current.RedoCount + 1, DispatchedAt = now, SignedAt = null, ResolvedAt = null,
                            HandlingDepartmentCode = null, VisitAttempts = 0,
                        };
                        return EffectResult.Done(next, reason, [Dispatched(next, "reopen", now)]);
                }

                break;
            default:
                throw new InvalidOperationException($"No effects defined for {command.GetType().Name}.");
        }

        return EffectResult.Done(next, reason, []);
    }

    /// <summary>派单 or 改派 by a dispatcher: to a lead department and optional assisting ones, each a real, active department.</summary>
    private static EffectResult Assign(Case next, string lead, IReadOnlyList<string> assisting, string? note, Catalogue.Catalogue catalogue,
        DateTimeOffset now)
    {
        if (DepartmentProblem(lead) is { } leadProblem)
        {
            return EffectResult.Invalid("leadDepartmentCode", leadProblem);
        }

        if (assisting.Select(DepartmentProblem).FirstOrDefault(p => p is not null) is { } assistingProblem)
        {
            return EffectResult.Invalid("assistingDepartmentCodes", assistingProblem);
        }

        var others = assisting.Where(a => a != lead).Distinct().ToList();
        var assigned = next with
        {
            LeadDepartmentCode = lead, AssistingDepartmentCodes = others, HandlingDepartmentCode = null, DispatchedAt = now,
            SignedAt = null, PendingExtensionUntil = null,
        };
        var reason = $"to {lead}" + (others.Count > 0 ? $" with {string.Join(", ", others)}" : "") + Suffix(note);
        return EffectResult.Done(assigned, reason, [Dispatched(assigned, "dispatcher", now)]);

        string? DepartmentProblem(string code) => DepartmentProblemIn(catalogue, code);
    }

    /// <summary>A merged case closes when its master does.</summary>
    public static Case CloseWithMaster(Case follower, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(follower);
        return follower with
        {
            Status = CaseState.Closed, Version = follower.Version + 1, ClosedAt = now, UpdatedAt = now, CloseOutcome = CloseOutcomes.Merged,
        };
    }

    public static CaseClosed Closed(Case closed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(closed);
        return new(closed.Id, closed.Number, closed.CloseOutcome!, now);
    }

    private static CaseDispatched Dispatched(Case c, string decidedBy, DateTimeOffset now) =>
        new(c.Id, c.Number, c.LeadDepartmentCode!, c.AssistingDepartmentCodes, decidedBy, null, null, now);

    private static string? DepartmentProblemIn(Catalogue.Catalogue catalogue, string code) =>
        !catalogue.Departments.TryGetValue(code, out var department) ? $"'{code}' is not a department (see GET /api/departments)."
        : !department.Active ? $"{code} is no longer active."
        : department.Kind == "center" ? "The center dispatches cases; it does not handle them."
        : null;

    private static string Suffix(string? note) => string.IsNullOrWhiteSpace(note) ? "" : $": {note}";
}

/// <summary>The outcome of <see cref="CaseEffects.Apply"/>.</summary>
public sealed record EffectResult(Case? Case, string? Reason, IReadOnlyList<object> Events, bool ClosesFollowers, string? InvalidField, string? Problem)
{
    public static EffectResult Done(Case next, string? reason, IReadOnlyList<object> events, bool closesFollowers = false) =>
        new(next, reason, events, closesFollowers, null, null);

    public static EffectResult Invalid(string field, string problem) => new(null, null, [], false, field, problem);
}
