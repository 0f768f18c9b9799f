using System.Text.Json.Serialization;

namespace Dispatch.Workers.Reports;

public sealed class LiveCase
{
    public string Number { get; init; } = "";
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public string? DepartmentCode { get; init; }
    public string? HandlingDepartmentCode { get; init; }
    public string CategoryCode { get; init; } = "";
    public string Urgency { get; init; } = "";
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? ExtensionUntil { get; init; }
    public DateTimeOffset Since { get; init; }

    /// <summary>overdue or soon (the live view's two deadline lists); null in the waiting lists.</summary>
    [JsonIgnore]
    public string? List { get; init; }

    /// <summary>How many cases the department has in that list, of which at most the configured limit are read.</summary>
    [JsonIgnore]
    public long Total { get; init; }
}

public sealed record DepartmentCases(string Department, string? Name, int Count, IReadOnlyList<LiveCase> Cases);

/// <summary>What is late now and what breaches soon, per department, and what waits for the center (ReportStore.LiveAsync).</summary>
public sealed record LiveView(DateTimeOffset At, double WithinWorkingHours, IReadOnlyList<DepartmentCases> Overdue,
    IReadOnlyList<DepartmentCases> BreachingSoon, IReadOnlyList<LiveCase> ReturnsWaiting, IReadOnlyList<LiveCase> ExtensionsWaiting);
