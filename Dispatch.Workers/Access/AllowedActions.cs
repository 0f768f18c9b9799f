using Dispatch.Workers.Cases;

namespace Dispatch.Workers.Access;

/// <summary>
/// What a person may do to a case now: the actions its lifecycle allows in its state (<see cref="CaseLifecycle"/>) that their role
/// and their department's relation to the case allow (<see cref="CaseAccess"/>), less those the case itself already rules out — an
/// extension to approve when none is pending, a second request while one is, a complaint closed on the call, a forward where the lead
/// department has no sub-unit, pausing a reply clock that is not running, closing on the spot anything but a patrol report as it is filed. Automatic actions (warnings, overdue marks, a merged case
/// closing with its master, retention) are no one's to take and never appear. What the console shows as buttons, and what a 409
/// offers instead of a refused action. Pure.
/// </summary>
public static class AllowedActions
{
    /// <summary>The actions <paramref name="actor"/> may take on <paramref name="case"/> now, in the lifecycle's order.</summary>
    /// <param name="replyClock">The case's reply clock; it matters only where <see cref="NeedsReplyClock"/> says so.</param>
    public static IReadOnlyList<CaseAction> For(Actor actor, Case @case, Catalogue.Catalogue catalogue, ReplyClock replyClock)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (!CaseAccess.CanSee(actor, @case, catalogue))
        {
            return [];
        }

        return [.. CaseLifecycle.AllowedIn(@case.Status)
            .Where(action => CaseAccess.RoleMay(actor.Role, action)
                             && CaseAccess.Refusal(actor, @case, action, catalogue) is null
                             && Possible(actor, @case, action, catalogue, replyClock))];
    }

    /// <summary>
    /// Whether what <see cref="For"/> answers depends on the reply clock: a role that pauses or resumes it, on a signed case. Only then
    /// need a caller read the clock.
    /// </summary>
    public static bool NeedsReplyClock(Actor actor, Case @case)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(@case);
        return @case.Status == CaseState.Signed
               && (CaseAccess.RoleMay(actor.Role, CaseAction.PauseClock) || CaseAccess.RoleMay(actor.Role, CaseAction.ResumeClock));
    }

    /// <summary>The wire names (<see cref="CaseActions.ToWire"/>), as the API answers them.</summary>
    public static IReadOnlyList<string> ToWire(IEnumerable<CaseAction> actions) => [.. actions.Select(a => a.ToWire())];

    /// <summary>What the case tells without asking: the same rules <see cref="CaseChanges"/> answers 422 for, where the case alone decides.</summary>
    private static bool Possible(Actor actor, Case @case, CaseAction action, Catalogue.Catalogue catalogue, ReplyClock replyClock) => action switch
    {
        CaseAction.RequestExtension => @case.PendingExtensionUntil is null,
        CaseAction.ApproveExtension or CaseAction.RefuseExtension => @case.PendingExtensionUntil is not null,
        CaseAction.CloseDirectly => @case.RequestType is not ("complaint" or "report"),
        // Somewhere to forward it to: a sub-unit of the lead, or a grid station of the community holding it.
        CaseAction.Forward => catalogue.Departments.Values.Any(d => d.Active && CaseAccess.ForwardProblem(actor, @case, d.Code, catalogue) is null),
        // Taken only with the filing of a patrol report (POST /api/grid/patrol-reports), never on a case that exists.
        CaseAction.CloseOnSpot => false,
        CaseAction.PauseClock => replyClock == ReplyClock.Running,
        CaseAction.ResumeClock => replyClock == ReplyClock.Paused,
        _ => true,
    };
}
