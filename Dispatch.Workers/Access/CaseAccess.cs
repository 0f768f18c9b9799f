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
        // Who decides what a department may see of a confidential caller: the center's dispatchers and supervisors.
        [CaseAction.ReleaseAttachment] = [Roles.Dispatcher, Roles.Supervisor],
        [CaseAction.CloseAfterVisit] = [Roles.Visitor],
        [CaseAction.Reopen] = [Roles.Visitor],
        [CaseAction.RecordVisitAttempt] = [Roles.Visitor],
        [CaseAction.CloseUnreachable] = [Roles.Visitor],
    };

    /// <summary>Actions only the department handling the case (or a department above it) may take.</summary>
    private static readonly HashSet<CaseAction> HandlingOnly =
        [CaseAction.Sign, CaseAction.Return, CaseAction.Forward, CaseAction.RequestExtension, CaseAction.Reply];

    public static bool RoleMay(string role, CaseAction action) =>
        RolesByAction.TryGetValue(action, out var roles) && roles.Contains(role);

    public static IReadOnlyList<string> RolesFor(CaseAction action) => RolesByAction.GetValueOrDefault(action) ?? [];

    public static bool CanSee(Actor actor, Case @case, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(catalogue);
        return actor.IsCenter || (actor.HandlingDepartmentCode is { } own && DepartmentsOf(@case).Any(d => catalogue.IsDepartmentWithin(d, own)));
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
                && own != @case.LeadDepartmentCode => "only the lead department forwards a case to its sub-units",
            _ => null,
        };
    }

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
