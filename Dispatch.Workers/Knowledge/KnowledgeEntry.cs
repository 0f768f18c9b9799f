namespace Dispatch.Workers.Knowledge;

/// <summary>
/// An entry of the knowledge base (知识库) as it is now. <see cref="Scope"/> lists the areas it answers for (the district by default):
/// it holds for a place when one of them is that area or above it. <see cref="ExpiryAnnouncedFor"/> is the end of validity a
/// <c>KnowledgeEntryExpiring</c> was published for, so each expiry is announced once.
/// </summary>
public sealed record KnowledgeEntry(
    long Id,
    string Title,
    string Content,
    IReadOnlyList<string> Keywords,
    string CategoryCode,
    string MaterialType,
    string DepartmentCode,
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
    DateOnly? ExpiryAnnouncedFor)
{
    public KnowledgeDraft ToDraft() =>
        new(Title, Content, Keywords, CategoryCode, MaterialType, DepartmentCode, Scope, ValidFrom, ValidUntil);

    /// <summary>True when the entry holds on <paramref name="today"/> (the center's local date): from its first day to its last, both included.</summary>
    public bool IsValidOn(DateOnly today) => ValidFrom <= today && (ValidUntil is not { } until || today <= until);

    /// <summary>A new entry as created (or imported) from <paramref name="draft"/>, before it has an id.</summary>
    public static KnowledgeEntry New(KnowledgeDraft draft, string status, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new(0, draft.Title, draft.Content, draft.Keywords, draft.CategoryCode, draft.MaterialType, draft.DepartmentCode, draft.Scope,
            draft.ValidFrom, draft.ValidUntil, status, 1, now, actor, now, actor, status == KnowledgeStatuses.Published ? now : null, null);
    }

    /// <summary>The entry one version on, with <paramref name="draft"/>'s fields (an edit) and the status <paramref name="status"/>.</summary>
    public KnowledgeEntry Changed(KnowledgeDraft draft, string status, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return this with
        {
            Title = draft.Title, Content = draft.Content, Keywords = draft.Keywords, CategoryCode = draft.CategoryCode, MaterialType = draft.MaterialType,
            DepartmentCode = draft.DepartmentCode, Scope = draft.Scope, ValidFrom = draft.ValidFrom, ValidUntil = draft.ValidUntil,
            Status = status, Version = Version + 1, UpdatedAt = now, UpdatedBy = actor,
            PublishedAt = status == KnowledgeStatuses.Published && Status != KnowledgeStatuses.Published ? now : PublishedAt,
        };
    }
}
