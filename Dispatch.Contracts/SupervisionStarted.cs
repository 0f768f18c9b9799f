namespace Dispatch.Contracts;

/// <summary>A reply still overdue after the policy's grace: the center supervises the case (督办).</summary>
public sealed record SupervisionStarted(
    Guid CaseId,
    string CaseNumber,
    DateTimeOffset DueAt,
    string? DepartmentCode,
    DateTimeOffset FiredAt);
