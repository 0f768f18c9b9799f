namespace Dispatch.Contracts;

/// <summary>A clock of a case used up <paramref name="Threshold"/> percent of its time: warn the handling department.</summary>
public sealed record DeadlineWarningReached(
    Guid CaseId,
    string CaseNumber,
    string Clock,
    int Threshold,
    DateTimeOffset DueAt,
    string? DepartmentCode,
    DateTimeOffset FiredAt);
