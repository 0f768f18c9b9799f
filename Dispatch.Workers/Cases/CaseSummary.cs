using System.ComponentModel;
using System.Text.Json.Serialization;

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

    /// <summary>on-time, warned or overdue; null while no clock runs (<see cref="Deadlines.DeadlineStates"/>).</summary>
    [Description("The deadline's traffic light: on-time, warned (a warning threshold fired), overdue (the nearest deadline passed); " +
                 "null while no clock runs.")]
    public string? DeadlineState { get; init; }

    /// <summary>Read with the row: whether a warning of a running clock has fired. What <see cref="DeadlineState"/> is made from.</summary>
    [JsonIgnore]
    public bool WarningFired { get; init; }

    /// <summary>This line with its <see cref="DeadlineState"/> as of <paramref name="now"/>.</summary>
    public CaseSummary AsOf(DateTimeOffset now) => this with { DeadlineState = Deadlines.DeadlineStates.Of(NextDueAt, WarningFired, now) };
}
