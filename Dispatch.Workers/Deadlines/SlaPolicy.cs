using System.Text.Json.Serialization;

namespace Dispatch.Workers.Deadlines;

/// <summary>How a limit is counted: on the calendar's working time, in its standard working days, or by the wall clock.</summary>
// The names are the words a policy's request takes; the Api answers with them (its JSON options carry the converter). Storage keeps
// the number (sla_policy_versions, the change record): a Workers process of an earlier release still reads what this one wrote.
public enum LimitUnit
{
    [JsonStringEnumMemberName("working-hours")]
    WorkingHours,
    [JsonStringEnumMemberName("working-days")]
    WorkingDays,
    [JsonStringEnumMemberName("natural-hours")]
    NaturalHours,
}

public sealed record SlaLimit(decimal Amount, LimitUnit Unit)
{
    public override string ToString() => Unit switch
    {
        LimitUnit.WorkingHours => $"{Amount:0.##} working hours",
        LimitUnit.WorkingDays => $"{Amount:0.##} working days",
        _ => $"{Amount:0.##} hours (natural time)",
    };

    /// <summary>When a clock with this limit started at <paramref name="start"/> runs out.</summary>
    public DateTimeOffset DueFrom(DateTimeOffset start, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Unit switch
        {
            LimitUnit.WorkingHours => calendar.AddWorkingTime(start, TimeSpan.FromHours((double)Amount)),
            LimitUnit.WorkingDays => calendar.AddWorkingDays(start, Amount),
            _ => start + TimeSpan.FromHours((double)Amount),
        };
    }
}

/// <summary>
/// Time limits for a kind of case: by request type × category (prefix) × urgency, first match by priority.
/// A sign-off limit (签收) and a reply limit (办结反馈), warnings at percentages of each, what happens at a
/// sign-off breach, and how long after a reply breach supervision (督办) starts.
/// </summary>
public sealed record SlaPolicy(
    long Id,
    int Version,
    int Priority,
    string Name,
    IReadOnlyList<string> RequestTypes,
    string? CategoryPrefix,
    string? Urgency,
    SlaLimit SignOff,
    SlaLimit Reply,
    IReadOnlyList<int> WarningPercents,
    bool AutoReturnOnSignOffBreach,
    decimal SupervisionGraceHours,
    bool Enabled,
    // 整改照片: the reply must name at least one photo on the case of what was put right.
    bool RectificationPhotosRequired = false)
{
    public bool Matches(string requestType, string categoryCode, string urgency) =>
        Enabled
        && (RequestTypes.Count == 0 || RequestTypes.Contains(requestType, StringComparer.Ordinal))
        && (CategoryPrefix is null || categoryCode.StartsWith(CategoryPrefix, StringComparison.Ordinal))
        && (Urgency is null || Urgency == urgency);

    /// <summary>The policy for a case: first match by priority, then id. Null when none matches (no clocks run).</summary>
    public static SlaPolicy? Select(IEnumerable<SlaPolicy> policies, string requestType, string categoryCode, string urgency) =>
        policies.OrderBy(p => p.Priority).ThenBy(p => p.Id).FirstOrDefault(p => p.Matches(requestType, categoryCode, urgency));
}
