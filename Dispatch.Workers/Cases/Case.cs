namespace Dispatch.Workers.Cases;

/// <summary>A case as stored: what the caller said, where it is, who has it, and where it stands.</summary>
public sealed record Case(
    Guid Id,
    string Number,
    CaseState Status,
    int Version,
    string RequestType,
    string CategoryCode,
    string Channel,
    string Urgency,
    Caller Caller,
    CaseLocation Location,
    string Title,
    string Content,
    string? LeadDepartmentCode,
    IReadOnlyList<string> AssistingDepartmentCodes,
    string FiledBy,
    DateTimeOffset FiledAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The sub-unit handling the case after 二级派单; null while the lead department handles it.</summary>
    public string? HandlingDepartmentCode { get; init; }

    /// <summary>The master case this one was merged into (并单).</summary>
    public Guid? MasterCaseId { get; init; }

    /// <summary>The master case's number, for display; read with the case.</summary>
    public string? MasterNumber { get; init; }

    /// <summary>The department's reply (办结反馈).</summary>
    public string? Reply { get; init; }

    public DateTimeOffset? PendingExtensionUntil { get; init; }

    public DateTimeOffset? ExtendedUntil { get; init; }

    public int VisitAttempts { get; init; }

    /// <summary>How often the case was reopened (重办); each counts against the department.</summary>
    public int RedoCount { get; init; }

    /// <summary>direct, satisfied, unreachable or merged, once closed.</summary>
    public string? CloseOutcome { get; init; }

    public DateTimeOffset? SignedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When the case first went overdue for sign-off (kept: "overdue ever").</summary>
    public DateTimeOffset? SignOffOverdueAt { get; init; }

    /// <summary>When the case first went overdue for reply.</summary>
    public DateTimeOffset? ReplyOverdueAt { get; init; }

    /// <summary>The nearest deadline of a running clock (the inbox's order).</summary>
    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>The grid station (网格工作站) the case was last forwarded to by its community; kept for the grid report.</summary>
    public string? GridStationCode { get; init; }

    /// <summary>How often a grid worker verified the case on site (上门核实).</summary>
    public int SiteVisits { get; init; }

    /// <summary>The grid station whose worker filed the case from a patrol (巡查上报); null for every other case.</summary>
    public string? PatrolStationCode { get; init; }

    /// <summary>The hash of the case's last audit row: the next row chains to it (<see cref="AuditChain"/>).</summary>
    public string? AuditHash { get; init; }
}
