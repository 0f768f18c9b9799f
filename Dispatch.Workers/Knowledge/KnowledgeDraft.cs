namespace Dispatch.Workers.Knowledge;

/// <summary>
/// What a person writes of an entry (create, edit, an import row), validated (<see cref="KnowledgeValidation"/>): the answer and the
/// words callers use for it, where it belongs and for how long it holds.
/// </summary>
public sealed record KnowledgeDraft(
    string Title,
    string Content,
    IReadOnlyList<string> Keywords,
    string CategoryCode,
    string MaterialType,
    string DepartmentCode,
    IReadOnlyList<string> Scope,
    DateOnly ValidFrom,
    DateOnly? ValidUntil);
