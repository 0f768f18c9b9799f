using Dispatch.Workers.Access;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Who sees which entries. Pure: the catalogue's department tree and the center's local date are passed in.
/// Editors see every entry. A handler sees their department's entries and its sub-units' (as with cases, another department's
/// entry does not exist for them: 404). The center's desk — agents, dispatchers, return-visit agents — sees only what is published
/// and valid today; the scope (areas) narrows what a search finds for a place, not what may be read. Supervisors and
/// administrators have no part in the knowledge base.
/// </summary>
public static class KnowledgeAccess
{
    /// <summary>The center's roles that answer from the knowledge base: published, valid entries only.</summary>
    public static IReadOnlyList<string> Readers { get; } = [Roles.Agent, Roles.Dispatcher, Roles.Visitor];

    /// <summary>The roles that write entries: departments' handlers and the center's editors.</summary>
    public static IReadOnlyList<string> Writers { get; } = [Roles.Handler, Roles.Editor];

    /// <summary>Everyone who uses the knowledge base at all.</summary>
    public static IReadOnlyList<string> Users { get; } = [.. Readers, .. Writers];

    /// <summary>Who may search: the readers, and editors trying what agents will find.</summary>
    public static IReadOnlyList<string> Searchers { get; } = [.. Readers, Roles.Editor];

    public static bool CanSee(Actor actor, KnowledgeEntry entry, Catalogue.Catalogue catalogue, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(entry);
        return actor.Role switch
        {
            Roles.Editor => true,
            Roles.Handler => WritesFor(actor, entry.DepartmentCode, catalogue),
            _ when Readers.Contains(actor.Role) => entry.Status == KnowledgeStatuses.Published && entry.IsValidOn(today),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="actor"/> writes entries owned by <paramref name="departmentCode"/>: editors for all, handlers for theirs and below.</summary>
    public static bool WritesFor(Actor actor, string departmentCode, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(catalogue);
        return actor.Role switch
        {
            Roles.Editor => true,
            Roles.Handler => actor.DepartmentCode is { } own && catalogue.IsDepartmentWithin(departmentCode, own),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="actor"/> sees entries in every status (their own department's, or all): a writer.</summary>
    public static bool SeesDrafts(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Writers.Contains(actor.Role);
    }

    /// <summary>
    /// The departments whose entries a handler lists: their own and every sub-unit below it (null for an editor: all; empty for the
    /// center's readers, who list published entries of every department).
    /// </summary>
    public static IReadOnlyList<string>? DepartmentsListedFor(Actor actor, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(catalogue);
        return actor.Role == Roles.Handler && actor.DepartmentCode is { } own
            ? [.. catalogue.Departments.Keys.Where(d => catalogue.IsDepartmentWithin(d, own)).Order(StringComparer.Ordinal)]
            : null;
    }
}
