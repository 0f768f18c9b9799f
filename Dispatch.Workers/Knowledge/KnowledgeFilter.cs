namespace Dispatch.Workers.Knowledge;

/// <summary>
/// What a list of entries is narrowed to; a null filter does not restrict. <see cref="CategoryPrefix"/> takes a category and everything
/// below it; <see cref="TitleContains"/> matches the title anywhere, ignoring case. <see cref="ValidOn"/> keeps only entries valid that
/// day (what the center's desk lists); <see cref="Departments"/> only entries those departments own (a handler's).
/// </summary>
public sealed record KnowledgeFilter(
    string? Status,
    string? DepartmentCode,
    string? CategoryPrefix,
    string? TitleContains,
    DateOnly? ValidOn,
    IReadOnlyList<string>? Departments,
    int Page,
    int PageSize);

public sealed record KnowledgePage(IReadOnlyList<KnowledgeEntry> Items, int Page, int PageSize, long Total);
