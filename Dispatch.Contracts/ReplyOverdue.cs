namespace Dispatch.Contracts;

/// <summary>A case was not replied to by its deadline: escalate to the head of the handling department.</summary>
public sealed record ReplyOverdue(
    Guid CaseId,
    string CaseNumber,
    DateTimeOffset DueAt,
    string? DepartmentCode,
    DateTimeOffset FiredAt);
