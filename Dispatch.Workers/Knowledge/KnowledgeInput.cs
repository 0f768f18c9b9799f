namespace Dispatch.Workers.Knowledge;

/// <summary>
/// An entry as a person sent it — a request body, or a row of an imported file — before validation: every field may be missing or
/// wrong. Dates are local dates, yyyy-MM-dd.
/// </summary>
public sealed record KnowledgeInput(
    string? Title,
    string? Content,
    IReadOnlyList<string?>? Keywords,
    string? CategoryCode,
    string? MaterialType,
    string? DepartmentCode,
    IReadOnlyList<string?>? Scope,
    string? ValidFrom,
    string? ValidUntil);
