namespace Dispatch.Workers.Cases;

/// <summary>One line of a list of cases.</summary>
public sealed record CaseSummary
{
    public string Number { get; init; } = "";
    public string Status { get; init; } = "";
    public string RequestType { get; init; } = "";
    public string CategoryCode { get; init; } = "";
    public string Urgency { get; init; } = "";
    public string Title { get; init; } = "";
    public string? LeadDepartmentCode { get; init; }
    public string? HandlingDepartmentCode { get; init; }
    public DateTimeOffset FiledAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; init; }
    public DateTimeOffset? SignedAt { get; init; }
    public DateTimeOffset? PendingExtensionUntil { get; init; }
    public int RedoCount { get; init; }
    public DateTimeOffset? NextDueAt { get; init; }
    public DateTimeOffset? SignOffOverdueAt { get; init; }
    public DateTimeOffset? ReplyOverdueAt { get; init; }
}
