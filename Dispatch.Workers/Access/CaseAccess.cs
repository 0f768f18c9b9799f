using Dispatch.Workers.Cases;

namespace Dispatch.Workers.Access;

/// <summary>
/// Who may see a case and who may do what to it. Pure: the catalogue's department tree is passed in.
/// A handler sees a case when one of its departments — the lead, an assisting one, or the sub-unit it was
/// forwarded to — is the handler's own department or one of its sub-units; to everyone else in a
/// department the case does not exist (404, not 403).
/// </summary>
public static class CaseAccess
{
    private static readonly Dictionary<CaseAction, string[]> RolesByAction = new()
    {
        [CaseAction.CloseDirectly] = [Roles.Agent],
        [CaseAction.Dispatch] = [Roles.Dispatcher],
        [CaseAction.Redispatch] = [Roles.Dispatcher],
        [CaseAction.RejectReturn] = [Roles.Dispatcher],
        [CaseAction.ApproveExtension] = [Roles.Dispatcher],
        [CaseAction.RefuseExtension] = [Roles.Dispatcher],
        [CaseAction.Merge] = [Roles.Dispatcher],
        [CaseAction.Urge] = [Roles.Dispatcher, Roles.Supervisor],
        [CaseAction.PauseClock] = [Roles.Dispatcher],
        [CaseAction.ResumeClock] = [Roles.Dispatcher],
        [CaseAction.Supervise] = [Roles.Dispatcher, Roles.Supervisor],
        [CaseAction.Sign] = [Roles.Handler],
        [CaseAction.Return] = [Roles.Handler],
        [CaseAction.Forward] = [Roles.Handler],
        [CaseAction.RequestExtension] = [Roles.Handler],
        [CaseAction.Reply] = [Roles.Handler],
        [CaseAction.AssistReply] = [Roles.Handler],
        [CaseAction.AddNote] = [Roles.Handler, Roles.Dispatcher, Roles.Agent],
        // Evidence comes from the caller (through the agent), the department's site and the return visit.
        [CaseAction.Attach] = [Roles.Agent, Roles.Dispatcher, Roles.Handler, Roles.Visitor],
        [CaseAction.CloseAfterVisit] = [Roles.Visitor],
        [CaseAction.Reopen] = [Roles.Visitor],
        [CaseAction.RecordVisitAttempt] = [Roles.Visitor],
        [CaseAction.CloseUnreachable] = [Roles.Visitor],
        // The grid workers (网格员): handlers of a grid station.
        [CaseAction.VerifyOnSite] = [Roles.Handler],
        [CaseAction.CloseOnSpot] = [Roles.Handler],
    };

    /// <summary>Actions only the department handling the case (or a department above it) may take.</summary>
    private static readonly HashSet<CaseAction> HandlingOnly =
        [CaseAction.Sign, CaseAction.Return, CaseAction.Forward, CaseAction.RequestExtension, CaseAction.Reply, CaseAction.VerifyOnSite];

    public static bool RoleMay(string role, CaseAction action) =>
        RolesByAction.TryGetValue(action, out var roles) && roles.Contains(role);

    public static IReadOnlyList<string> RolesFor(CaseAction action) => RolesByAction.GetValueOrDefault(action) ?? [];

    public static bool CanSee(Actor actor, Case @case, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(catalogue);
        return actor.IsCenter
               || (actor.HandlingDepartmentCode is { } own
                   && (DepartmentsOf(@case).Any(d => catalogue.IsDepartmentWithin(d, own))
                       // A grid station follows the patrol reports its workers filed, wherever they were routed.
                       || @case.PatrolStationCode == own));
    }

    /// <summary>Why <paramref name="actor"/> may not take <paramref name="action"/> on a case they can see, or null when they may.</summary>
    public static string? Refusal(Actor actor, Case @case, CaseAction action, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (!RoleMay(actor.Role, action))
        {
            return $"'{action.ToWire()}' is for {string.Join(" or ", RolesFor(action))}, not {actor.Role}.";
        }

        if (actor.Role != Roles.Handler)
        {
            return null;
        }

        var own = actor.DepartmentCode!;
        var handling = @case.HandlingDepartmentCode ?? @case.LeadDepartmentCode;
        var handles = handling is not null && catalogue.IsDepartmentWithin(handling, own);
        var assists = @case.AssistingDepartmentCodes.Any(d => catalogue.IsDepartmentWithin(d, own));
        return action switch
        {
            _ when HandlingOnly.Contains(action) && !handles =>
                $"only the department handling the case ({handling}) may '{action.ToWire()}'; assisting departments add notes and their part of the reply",
            CaseAction.AssistReply when !assists => "only an assisting department (协办) gives a part reply; the lead replies with 'reply'",
            CaseAction.Forward when @case.HandlingDepartmentCode is not null && @case.HandlingDepartmentCode != @case.LeadDepartmentCode
                && own != @case.LeadDepartmentCode && !(own == @case.HandlingDepartmentCode && IsCommunity(own, catalogue))
                => "only the lead department forwards a case to its sub-units, and a community holding it to its grid stations",
            CaseAction.VerifyOnSite when own != @case.HandlingDepartmentCode || catalogue.GridStation(own) is null
                => "only the grid station holding the case (its grid workers, 网格员) verifies it on site",
            CaseAction.CloseOnSpot when catalogue.GridStation(own) is null => "only a grid worker (网格员) closes a patrol report on the spot",
            _ => null,
        };
    }

    /// <summary>
    /// Why <paramref name="actor"/> may not forward <paramref name="case"/> to <paramref name="target"/> (二级派单), or null when they
    /// may: the lead forwards to its sub-units; a grid station (网格工作站) is forwarded to only by its own community, while that
    /// community holds the case (it was forwarded to it, or leads it); a community that holds a case it does not lead forwards it only
    /// to its grid stations. Asked after <see cref="Refusal"/>, which decides whether the actor forwards at all.
    /// </summary>
    public static string? ForwardProblem(Actor actor, Case @case, string target, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(catalogue);
        var holder = @case.HandlingDepartmentCode ?? @case.LeadDepartmentCode;
        if (catalogue.Departments.TryGetValue(target, out var department) && department.IsGridStation)
        {
            return !department.Active ? $"{target} is no longer active."
                : department.ParentCode != holder || actor.DepartmentCode != holder
                    ? $"'{target}' is a grid station of {department.ParentCode}: only {department.ParentCode}, holding the case, forwards to it."
                    : null;
        }

        if (@case.HandlingDepartmentCode is { } handling && actor.DepartmentCode == handling && handling != @case.LeadDepartmentCode)
        {
            return $"'{target}' is not a grid station of {holder}: a community holding a case forwards it only to its grid stations.";
        }

        return target == @case.LeadDepartmentCode || @case.LeadDepartmentCode is null || !catalogue.IsDepartmentWithin(target, @case.LeadDepartmentCode)
            ? $"'{target}' is not a sub-unit of the lead department {@case.LeadDepartmentCode}."
            : null;
    }

    private static bool IsCommunity(string code, Catalogue.Catalogue catalogue) =>
        catalogue.Departments.TryGetValue(code, out var department) && department.Kind == Catalogue.DepartmentKinds.Community;

    /// <summary>The departments a case is with: the lead, the sub-unit handling it, the assisting ones.</summary>
    public static IEnumerable<string> DepartmentsOf(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (@case.LeadDepartmentCode is { } lead)
        {
            yield return lead;
        }

        if (@case.HandlingDepartmentCode is { } handling)
        {
            yield return handling;
        }

        foreach (var assisting in @case.AssistingDepartmentCodes)
        {
            yield return assisting;
        }
    }

    /// <summary>What a department sees of a confidential caller (保密): nothing that identifies them.</summary>
    public static Caller MaskFor(Actor actor, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(caller);
        if (actor.IsCenter || !caller.Confidential)
        {
            return caller;
        }

        // Not even the last digits of the phone: in a small community they are enough to tell who called.
        return new Caller(caller.Name is null ? null : Masked, caller.Phone is null ? null : Masked, true);
    }

    public const string Masked = "（保密）";

    /// <summary>
    /// Whether <paramref name="shown"/> (what an answer shows of a caller, after <see cref="MaskFor"/>) identifies them: a name or a
    /// phone that is not masked. An answer that does is a personal-data access and is recorded (Privacy/PersonalDataAccessLog).
    /// </summary>
    public static bool IdentifiesCaller(Caller shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        return shown.Name is { Length: > 0 } and not Masked || shown.Phone is { Length: > 0 } and not Masked;
    }
}
