namespace Dispatch.Workers.Reports;

/// <summary>One case in a report's case list and its CSV export (ReportStore.CaseListAsync).</summary>
public sealed class CaseListRow
{
    public string Number { get; init; } = "";
    public DateTimeOffset FiledAt { get; init; }
    public string Status { get; init; } = "";
    public string RequestType { get; init; } = "";
    public string CategoryCode { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Urgency { get; init; } = "";
    public string? StreetCode { get; init; }
    public string? CommunityCode { get; init; }
    public string? DepartmentCode { get; init; }
    public string Title { get; init; } = "";
    public DateTimeOffset? DispatchedAt { get; init; }
    public DateTimeOffset? SignedAt { get; init; }
    public DateTimeOffset? RepliedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? CloseOutcome { get; init; }
    public DateTimeOffset? SignOffOverdueAt { get; init; }
    public DateTimeOffset? ReplyOverdueAt { get; init; }
    public int Returns { get; init; }
    public int Redos { get; init; }
}
