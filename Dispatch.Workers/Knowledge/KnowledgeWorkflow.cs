using Dispatch.Workers.Access;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Which role may do what to an entry in which status, and the status it leaves it in. Pure; whose entry it is (a handler writes
/// only for their department and its sub-units) is <see cref="KnowledgeAccess"/>'s. Departments write and submit; the center's
/// knowledge editors (知识库管理员) review, publish, return to draft, archive, and correct any entry in any status but archived.
/// An archived entry is final: nothing is deleted, and nothing comes back from the archive (write a new entry).
/// </summary>
public static class KnowledgeWorkflow
{
    /// <summary>(action, status before) → status after. Create and import start from no entry (<see cref="Created"/>).</summary>
    private static readonly Dictionary<(KnowledgeAction Action, string From), string> Transitions = new()
    {
        [(KnowledgeAction.Edit, KnowledgeStatuses.Draft)] = KnowledgeStatuses.Draft,
        [(KnowledgeAction.Edit, KnowledgeStatuses.InReview)] = KnowledgeStatuses.InReview,
        [(KnowledgeAction.Edit, KnowledgeStatuses.Published)] = KnowledgeStatuses.Published,
        [(KnowledgeAction.Submit, KnowledgeStatuses.Draft)] = KnowledgeStatuses.InReview,
        [(KnowledgeAction.Publish, KnowledgeStatuses.InReview)] = KnowledgeStatuses.Published,
        [(KnowledgeAction.Return, KnowledgeStatuses.InReview)] = KnowledgeStatuses.Draft,
        [(KnowledgeAction.Return, KnowledgeStatuses.Published)] = KnowledgeStatuses.Draft,
        [(KnowledgeAction.Archive, KnowledgeStatuses.Draft)] = KnowledgeStatuses.Archived,
        [(KnowledgeAction.Archive, KnowledgeStatuses.InReview)] = KnowledgeStatuses.Archived,
        [(KnowledgeAction.Archive, KnowledgeStatuses.Published)] = KnowledgeStatuses.Archived,
    };

    /// <summary>The statuses in which each role may take each action on an entry it may write (an empty list: never).</summary>
    private static readonly Dictionary<(string Role, KnowledgeAction Action), string[]> Permitted = new()
    {
        [(Roles.Handler, KnowledgeAction.Create)] = [],
        [(Roles.Handler, KnowledgeAction.Import)] = [],
        [(Roles.Handler, KnowledgeAction.Edit)] = [KnowledgeStatuses.Draft],
        [(Roles.Handler, KnowledgeAction.Submit)] = [KnowledgeStatuses.Draft],
        [(Roles.Editor, KnowledgeAction.Create)] = [],
        [(Roles.Editor, KnowledgeAction.Import)] = [],
        [(Roles.Editor, KnowledgeAction.Edit)] = [KnowledgeStatuses.Draft, KnowledgeStatuses.InReview, KnowledgeStatuses.Published],
        [(Roles.Editor, KnowledgeAction.Submit)] = [KnowledgeStatuses.Draft],
        [(Roles.Editor, KnowledgeAction.Publish)] = [KnowledgeStatuses.InReview],
        [(Roles.Editor, KnowledgeAction.Return)] = [KnowledgeStatuses.InReview, KnowledgeStatuses.Published],
        [(Roles.Editor, KnowledgeAction.Archive)] = [KnowledgeStatuses.Draft, KnowledgeStatuses.InReview, KnowledgeStatuses.Published],
    };

    /// <summary>The actions that make a new entry rather than change one.</summary>
    public static bool Creates(KnowledgeAction action) => action is KnowledgeAction.Create or KnowledgeAction.Import;

    /// <summary>Whether <paramref name="role"/> may ever take <paramref name="action"/>.</summary>
    public static bool RoleMay(string role, KnowledgeAction action) => Permitted.ContainsKey((role, action));

    /// <summary>The roles that may ever take <paramref name="action"/>.</summary>
    public static IReadOnlyList<string> RolesFor(KnowledgeAction action) =>
        [.. Roles.All.Where(role => RoleMay(role, action))];

    /// <summary>
    /// The status a new entry starts in: a draft, except what an editor imports to publish at once (moving a knowledge base
    /// from another system). A department's import is always a draft: it goes through review like anything it writes.
    /// </summary>
    public static string Created(string role, bool publish) =>
        publish && role == Roles.Editor ? KnowledgeStatuses.Published : KnowledgeStatuses.Draft;

    /// <summary>Decides whether <paramref name="role"/> may take <paramref name="action"/> on an entry in <paramref name="status"/>.</summary>
    public static KnowledgeDecision Decide(string role, KnowledgeAction action, string status)
    {
        if (!Permitted.TryGetValue((role, action), out var statuses))
        {
            var roles = RolesFor(action);
            return new KnowledgeDecision.Forbidden(roles.Count == 0
                ? $"Nobody may '{action.ToRecord()}' an entry."
                : $"Only {string.Join(" or ", roles)} may do that, not {role}.");
        }

        if (Creates(action))
        {
            return new KnowledgeDecision.Forbidden($"'{action.ToRecord()}' makes a new entry; it does not change one.");
        }

        if (!statuses.Contains(status) || !Transitions.TryGetValue((action, status), out var to))
        {
            return new KnowledgeDecision.NotNow($"Not allowed while the entry is {status}.", Allowed(role, status));
        }

        return new KnowledgeDecision.Allowed(to);
    }

    /// <summary>What <paramref name="role"/> may do to an entry it may write while it is in <paramref name="status"/>.</summary>
    public static IReadOnlyList<KnowledgeAction> Allowed(string role, string status) =>
        [.. KnowledgeActions.All.Where(a => !Creates(a) && Permitted.TryGetValue((role, a), out var s) && s.Contains(status) && Transitions.ContainsKey((a, status)))];
}

/// <summary>What <see cref="KnowledgeWorkflow.Decide"/> answers.</summary>
public abstract record KnowledgeDecision
{
    private KnowledgeDecision()
    {
    }

    /// <summary>Allowed: the entry goes to <paramref name="To"/>.</summary>
    public sealed record Allowed(string To) : KnowledgeDecision;

    /// <summary>The role may never do this (403).</summary>
    public sealed record Forbidden(string Reason) : KnowledgeDecision;

    /// <summary>Not in this status (409), with what the role may do now.</summary>
    public sealed record NotNow(string Reason, IReadOnlyList<KnowledgeAction> AllowedNow) : KnowledgeDecision;
}
