using Dispatch.Workers.Access;
using Dispatch.Workers.Knowledge;

namespace Dispatch.Api.Apis.Knowledge;

/// <summary>
/// An entry as the API shows it: its fields with the catalogue's names, where it stands, what the caller may do to it now, and — for its
/// department's handlers and the editors — every version with who and when (the center's desk sees the published entry only).
/// </summary>
public sealed record KnowledgeEntryView(
    long Id,
    string Title,
    string Content,
    IReadOnlyList<string> Keywords,
    string CategoryCode,
    string? CategoryName,
    string MaterialType,
    string DepartmentCode,
    string? DepartmentName,
    IReadOnlyList<string> Scope,
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    string Status,
    int Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    DateTimeOffset? PublishedAt,
    IReadOnlyList<string> AllowedActions,
    IReadOnlyList<KnowledgeVersionView>? Versions)
{
    public static KnowledgeEntryView For(KnowledgeEntry e, Actor actor, Dispatch.Workers.Catalogue.Catalogue catalogue,
        IReadOnlyList<KnowledgeVersion>? versions = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(catalogue);
        var writer = KnowledgeAccess.SeesDrafts(actor);
        return new(e.Id, e.Title, e.Content, e.Keywords, e.CategoryCode, catalogue.Categories.GetValueOrDefault(e.CategoryCode)?.Name, e.MaterialType,
            e.DepartmentCode, catalogue.Departments.GetValueOrDefault(e.DepartmentCode)?.Name, e.Scope, e.ValidFrom, e.ValidUntil, e.Status, e.Version,
            e.CreatedAt, writer ? e.CreatedBy : Anonymous(e.CreatedBy), e.UpdatedAt, writer ? e.UpdatedBy : Anonymous(e.UpdatedBy), e.PublishedAt,
            writer ? [.. KnowledgeWorkflow.Allowed(actor.Role, e.Status).Select(a => a.ToRecord())] : [],
            writer ? versions?.Select(v => new KnowledgeVersionView(v.Version, v.Action, v.Status, v.ChangedAt, v.ChangedBy, v.Reason)).ToList() : null);
    }

    /// <summary>The center's desk sees that a department or an editor wrote it, not who.</summary>
    private static string Anonymous(string actor) => actor.Split(':')[0];
}

/// <summary>One version of an entry: what was done, the status after it, who and when, and the editor's reason where one was given.</summary>
public sealed record KnowledgeVersionView(int Version, string Action, string Status, DateTimeOffset ChangedAt, string ChangedBy, string? Reason);

public sealed record KnowledgeListView(IReadOnlyList<KnowledgeEntryView> Items, int Page, int PageSize, long Total);

/// <summary>A search's answer: the best entries first (none when nothing answers the query well enough).</summary>
public sealed record KnowledgeSearchView(IReadOnlyList<KnowledgeResult> Items);

/// <summary>What an import made: the entries, in the file's order.</summary>
public sealed record KnowledgeImportView(int Imported, string Status, IReadOnlyList<long> Ids);

/// <summary>
/// An entry as a client writes it. Create: every field but <c>version</c> (departmentCode defaults to a handler's own, scope to the whole
/// district, validFrom to today). Edit: the whole entry again, with the <c>version</c> it was edited from.
/// </summary>
public sealed record KnowledgeEntryRequest(
    string? Title,
    string? Content,
    IReadOnlyList<string?>? Keywords,
    string? CategoryCode,
    string? MaterialType,
    string? DepartmentCode,
    IReadOnlyList<string?>? Scope,
    string? ValidFrom,
    string? ValidUntil,
    int? Version)
{
    public KnowledgeInput ToInput() => new(Title, Content, Keywords, CategoryCode, MaterialType, DepartmentCode, Scope, ValidFrom, ValidUntil);
}

/// <summary>Submit, publish, return or archive: the version it was decided on; a reason (required to return, optional to archive).</summary>
public sealed record KnowledgeActionRequest(int? Version, string? Reason);
