namespace Dispatch.Workers.Deadlines;

public static class ClockKinds
{
    public const string SignOff = "sign-off";
    public const string Reply = "reply";
}

public static class AlarmKinds
{
    /// <summary>A percentage of the clock's time is used up: warn the department.</summary>
    public const string Warning = "warning";

    /// <summary>The clock ran out.</summary>
    public const string Overdue = "overdue";

    /// <summary>The reply is still overdue after the policy's grace: supervision (督办) by the center.</summary>
    public const string Supervise = "supervise";
}

/// <summary>One moment a clock must act: <see cref="Percent"/> of the clock's time (100 = due; above 100 for supervision).</summary>
public sealed record Alarm(string Kind, int Percent, DateTimeOffset DueAt);

/// <summary>
/// A clock of a case as it starts: the <see cref="CaseClock"/> it will be (running, its generation, when it runs out, by which policy
/// and version on which calendar and version) and the alarms it sets. Pure; <see cref="Plan"/> computes it.
/// </summary>
public sealed record ClockPlan(CaseClock Clock, IReadOnlyList<Alarm> Alarms)
{
    /// <summary>The clock of <paramref name="kind"/> started at <paramref name="start"/> as <paramref name="generation"/> (a restart is a later one).</summary>
    public static ClockPlan Plan(string kind, DateTimeOffset start, SlaPolicy policy, WorkingCalendar calendar, int generation = 1)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(calendar);
        var limit = kind == ClockKinds.SignOff ? policy.SignOff : policy.Reply;
        var due = limit.DueFrom(start, calendar);
        return new ClockPlan(
            new CaseClock(kind, generation, ClockStates.Running, start, due, limit, policy.Id, policy.Version, calendar.Code, calendar.Version, null, null, null),
            AlarmsFor(kind, start, due, limit.Unit, policy, calendar));
    }

    /// <summary>
    /// Warnings at each percentage of the clock's own time (working time, or wall-clock time for natural limits),
    /// the overdue alarm at the deadline, and for the reply clock supervision after the grace.
    /// </summary>
    public static IReadOnlyList<Alarm> AlarmsFor(string kind, DateTimeOffset start, DateTimeOffset due, LimitUnit unit, SlaPolicy policy,
        WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(calendar);
        var natural = unit == LimitUnit.NaturalHours;
        var span = natural ? due - start : calendar.WorkingTimeBetween(start, due);
        DateTimeOffset At(TimeSpan offset, DateTimeOffset from) => natural ? from + offset : calendar.AddWorkingTime(from, offset);

        var alarms = policy.WarningPercents.Where(p => p is > 0 and < 100).Distinct().Order()
            .Select(p => new Alarm(AlarmKinds.Warning, p, At(span * (p / 100.0), start)))
            .Append(new Alarm(AlarmKinds.Overdue, 100, due))
            .ToList();
        if (kind == ClockKinds.Reply)
        {
            alarms.Add(new Alarm(AlarmKinds.Supervise, 101, At(TimeSpan.FromHours((double)policy.SupervisionGraceHours), due)));
        }

        return alarms;
    }

    /// <summary>
    /// The alarms of a running clock as stored: from its start to its deadline, by the policy version it started under, on its
    /// calendar. What the sweeper writes one at a time and what the explanation promises, so both ask here.
    /// </summary>
    public static IReadOnlyList<Alarm> AlarmsOf(CaseClock clock, SlaPolicy policy, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return AlarmsFor(clock.Kind, clock.StartedAt, clock.DueAt, clock.Unit, policy, calendar);
    }

    /// <summary>
    /// The alarm after the one at <paramref name="percent"/> of a clock's planned <paramref name="alarms"/>: a clock keeps only its
    /// next alarm in the table, and firing it plans the one after. Null when it was the last.
    /// </summary>
    public static Alarm? Next(IReadOnlyList<Alarm> alarms, int percent)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        return alarms.Where(a => a.Percent > percent).MinBy(a => a.Percent);
    }
}
