namespace Dispatch.Workers.Grid;

/// <summary>One patrol report (巡查上报) in a list: what was reported, where, and where it stands.</summary>
public sealed record PatrolReportSummary
{
    public string Number { get; init; } = "";
    public string Status { get; init; } = "";
    public string RequestType { get; init; } = "";
    public string CategoryCode { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Address { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? GridCode { get; init; }
    public string PatrolStationCode { get; init; } = "";
    public string FiledBy { get; init; } = "";
    public DateTimeOffset FiledAt { get; init; }
    public string? LeadDepartmentCode { get; init; }
    public string? HandlingDepartmentCode { get; init; }
    public string? CloseOutcome { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Closed on the spot as it was filed (就地办结).</summary>
    public bool ResolvedOnSpot => CloseOutcome == Cases.CloseOutcomes.OnSpot;
}

/// <summary>A page of patrol reports, newest first.</summary>
public sealed record PatrolReportPage(IReadOnlyList<PatrolReportSummary> Items, int Page, int PageSize, long Total);
