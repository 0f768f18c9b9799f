using Dispatch.Workers.Cases;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// Why each deadline of a case is what it is, readable by a supervisor and by a department that disputes it:
/// the policy and calendar (with versions), the limit, the working time counted, the days skipped (weekends,
/// named holidays) and the make-up days counted, pauses and extensions, the alarms (fired, pending and planned),
/// and a warning for any year the calendar has no holiday data for. Pure: <see cref="DeadlineExplanationStore"/> reads what it needs.
/// </summary>
public static class DeadlineExplanation
{
    /// <summary>
    /// Why <paramref name="clock"/>'s deadline is what it is, by the <paramref name="policy"/> version it started under (null: gone),
    /// from the case's <paramref name="history"/> and the alarms written for any of its clocks.
    /// </summary>
    public static ClockExplanation Explain(CaseClock clock, SlaPolicy? policy, DeadlineRules rules, IReadOnlyList<AuditEntry> history,
        IReadOnlyList<WrittenAlarm> written)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(written);
        return Explain(clock, rules, policy, history, Alarms(clock, policy, rules, written));
    }

    /// <summary>
    /// The clock's alarms: those written (fired, and the pending next of a running clock) and, after its pending next, the rest of
    /// its plan, which the sweeper writes one at a time as each fires.
    /// </summary>
    private static List<AlarmView> Alarms(CaseClock clock, SlaPolicy? policy, DeadlineRules rules, IReadOnlyList<WrittenAlarm> rows)
    {
        var alarms = rows.Where(r => r.Clock == clock.Kind)
            .Select(r => new AlarmView { Clock = r.Clock, Kind = r.Kind, Threshold = r.Threshold, DueAt = r.DueAt, FiredAt = r.FiredAt })
            .ToList();
        var pending = rows.Where(r => r.Clock == clock.Kind && r.Generation == clock.Generation && r.FiredAt is null).Select(r => (int?)r.Threshold).Max();
        if (clock.State == "running" && pending is { } next && policy is not null && rules.Calendars.TryGetValue(clock.CalendarCode, out var calendar))
        {
            alarms.AddRange(ClockPlan.AlarmsOf(clock, policy, calendar)
                .Where(a => a.Percent > next)
                .Select(a => new AlarmView { Clock = clock.Kind, Kind = a.Kind, Threshold = a.Percent, DueAt = a.DueAt }));
        }

        return alarms;
    }

    private static ClockExplanation Explain(CaseClock clock, DeadlineRules rules, SlaPolicy? policy, IReadOnlyList<AuditEntry> history, List<AlarmView> alarms)
    {
        var calendar = rules.Calendars.GetValueOrDefault(clock.CalendarCode);
        var natural = clock.Unit == LimitUnit.NaturalHours;
        var end = clock.DueAt;
        var days = calendar is null || natural ? [] : calendar.DaysBetween(clock.StartedAt, end);
        var warnings = new List<string>();
        if (calendar is null)
        {
            warnings.Add($"Calendar {clock.CalendarCode} no longer exists.");
        }
        else if (!natural && calendar.UncoveredYears(clock.StartedAt, end) is { Count: > 0 } years)
        {
            warnings.AddRange(years.Select(y =>
                $"Calendar {calendar.Code} has no holiday data for {y}: weekdays of {y} were counted as working days until an administrator adds that year's notice."));
        }

        var since = history.Where(h => h.OccurredAt >= clock.StartedAt).ToList();
        var pauses = since.Where(h => h.Action == "pause-clock")
            .Select(p => new ClockPause(p.OccurredAt, since.FirstOrDefault(r => r.Action == "resume-clock" && r.Seq > p.Seq)?.OccurredAt, p.Reason))
            .ToList();
        var extensions = since.Where(h => h.Action == "approve-extension").Select(h => new ClockExtension(h.OccurredAt, h.Actor, h.Reason)).ToList();
        var counted = calendar is null ? TimeSpan.Zero
            : natural ? clock.DueAt - clock.StartedAt
            : calendar.WorkingTimeBetween(clock.StartedAt, clock.DueAt);
        return new ClockExplanation(
            clock.Kind, clock.State, clock.StartedAt, clock.DueAt, clock.OverdueAt, clock.Limit.ToString(),
            new PolicyReference(clock.PolicyId, clock.PolicyVersion, policy?.Name),
            new CalendarReference(clock.CalendarCode, clock.CalendarVersion, calendar?.Zone.Id),
            Math.Round(counted.TotalHours, 2),
            [.. days.Where(d => d.Kind is DayKind.Weekend or DayKind.Holiday)
                .Select(d => new SkippedDay(d.Date, d.Kind == DayKind.Holiday ? "holiday" : "weekend", d.Name))],
            [.. days.Where(d => d.Kind == DayKind.MakeUpWorkday).Select(d => new CountedDay(d.Date, d.Name))],
            pauses, extensions, alarms, warnings);
    }
}

public sealed record ClockExplanation(
    string Clock,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? OverdueAt,
    string Limit,
    PolicyReference Policy,
    CalendarReference Calendar,
    double TimeCountedHours,
    IReadOnlyList<SkippedDay> DaysSkipped,
    IReadOnlyList<CountedDay> MakeUpDaysCounted,
    IReadOnlyList<ClockPause> Pauses,
    IReadOnlyList<ClockExtension> Extensions,
    IReadOnlyList<AlarmView> Alarms,
    IReadOnlyList<string> Warnings);

public sealed record PolicyReference(long Id, int Version, string? Name);

public sealed record CalendarReference(string Code, int Version, string? TimeZone);

public sealed record SkippedDay(DateOnly Date, string Reason, string? Name);

public sealed record CountedDay(DateOnly Date, string? Name);

public sealed record ClockPause(DateTimeOffset PausedAt, DateTimeOffset? ResumedAt, string? Reason);

public sealed record ClockExtension(DateTimeOffset ApprovedAt, string ApprovedBy, string? Detail);

/// <summary>A <c>case_alarms</c> row as read: fired, or the pending next of its clock's generation.</summary>
public sealed class WrittenAlarm
{
    public string Clock { get; init; } = "";
    public int Generation { get; init; }
    public string Kind { get; init; } = "";
    public int Threshold { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? FiredAt { get; init; }
}

public sealed class AlarmView
{
    public string Clock { get; init; } = "";
    public string Kind { get; init; } = "";
    public int Threshold { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? FiredAt { get; init; }
}
