namespace Dispatch.Contracts;

/// <summary>A case was not signed for by its deadline: notify the center's dispatchers. <paramref name="AutoReturned"/> when the policy sent it back for re-dispatch.</summary>
public sealed record SignOffOverdue(
    Guid CaseId,
    string CaseNumber,
    DateTimeOffset DueAt,
    string? DepartmentCode,
    bool AutoReturned,
    DateTimeOffset FiredAt);
