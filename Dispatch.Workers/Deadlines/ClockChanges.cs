using Dispatch.Workers.Cases;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// What a change of a case does to its clocks, as part of <see cref="CaseChanges.Decide"/>: a dispatch (by rule or by hand, a
/// re-dispatch, a reopen) starts new sign-off and reply clocks on the lead department's calendar; signing stops the sign-off
/// clock and replying the reply clock; a return, a merge or a close stops every clock; a rejected return restarts the reply clock;
/// an approved extension moves the reply deadline; pausing while waiting on the caller stops the reply clock and resuming gives
/// back the working time that was left. Each start or move is a new generation: alarms of an older generation never fire.
/// A running clock keeps one pending alarm, its next (the first of its plan when it starts, the first still ahead when its
/// deadline moves); when the sweeper fires it, the one after is planned here too (<see cref="NextAlarm"/>). Pure.
/// </summary>
internal static class ClockChanges
{
    /// <summary>Whether the change of <paramref name="action"/> needs the case's clocks read (to stop, restart or move them, or to check one).</summary>
    public static bool Reads(Case current, CaseAction action, DeadlineRules rules) => action switch
    {
        CaseAction.Dispatch or CaseAction.Redispatch or CaseAction.Reopen or CaseAction.Sign or CaseAction.Reply or CaseAction.Return
            or CaseAction.Merge or CaseAction.CloseDirectly or CaseAction.CloseAfterVisit or CaseAction.CloseUnreachable
            or CaseAction.CloseWithMaster or CaseAction.ApproveExtension or CaseAction.PauseClock or CaseAction.ResumeClock => true,
        CaseAction.RejectReturn => PolicyFor(current, rules) is not null,
        _ => false,
    };

    /// <summary>
    /// The clock whose deadline <paramref name="action"/> moves: the running reply clock for an approved extension, the paused one
    /// for a resume; null when there is none, or its calendar is gone (it is then left as it is).
    /// </summary>
    public static CaseClock? MovedClock(CaseAction action, IReadOnlyList<CaseClock> clocks, DeadlineRules rules)
    {
        var state = action switch
        {
            CaseAction.ApproveExtension => ClockStates.Running,
            CaseAction.ResumeClock => ClockStates.Paused,
            _ => null,
        };
        var clock = state is null ? null : clocks.FirstOrDefault(c => c.Kind == ClockKinds.Reply && c.State == state);
        return clock is not null && rules.Calendars.ContainsKey(clock.CalendarCode) ? clock : null;
    }

    /// <summary>What <paramref name="action"/>, which left the case as <paramref name="after"/>, does to its clocks.</summary>
    public static ClockChange Plan(Case after, CaseAction action, CaseClocks clocks, DateTimeOffset now)
    {
        switch (action)
        {
            case CaseAction.Dispatch or CaseAction.Redispatch or CaseAction.Reopen:
                return StartAfresh(after, clocks, now);
            case CaseAction.Sign:
                return Written(clocks, Stop(clocks, ClockKinds.SignOff, keptOnCase: true, now));
            case CaseAction.RejectReturn:
                return PolicyFor(after, clocks.Rules) is { } policy ? Written(clocks, RestartReply(after, policy, clocks, now)) : ClockChange.None;
            case CaseAction.Reply:
                return Written(clocks, Stop(clocks, ClockKinds.Reply, keptOnCase: true, now));
            case CaseAction.Return or CaseAction.Merge or CaseAction.CloseDirectly or CaseAction.CloseAfterVisit or CaseAction.CloseUnreachable
                or CaseAction.CloseWithMaster:
                return Written(clocks, Stop(clocks, null, keptOnCase: false, now));
            case CaseAction.ApproveExtension when after.ExtendedUntil is { } until:
                return Written(clocks, Move(action, clocks, now, (_, _) => until));
            case CaseAction.PauseClock:
                return Written(clocks, [new ClockWrite.Pause(ClockKinds.Reply, now), new ClockWrite.DropPendingAlarms(ClockKinds.Reply)]);
            case CaseAction.ResumeClock:
                return Written(clocks, Move(action, clocks, now, (clock, calendar) =>
                {
                    var pausedAt = clock.PausedAt ?? now;
                    return clock.Unit == LimitUnit.NaturalHours
                        ? now + (clock.DueAt - pausedAt)
                        : calendar.AddWorkingTime(now, calendar.WorkingTimeBetween(pausedAt, clock.DueAt));
                }));
            default:
                return ClockChange.None;
        }
    }

    /// <summary>
    /// The alarm after <paramref name="fired"/> of its running <paramref name="clock"/>, planned as when the clock started (or its
    /// deadline last moved) by the policy version it started under; written fired when it is due already. Null when it was the last,
    /// or the policy or the calendar is gone.
    /// </summary>
    public static PlannedAlarm? NextAlarm(DueAlarm fired, CaseClock clock, SlaPolicy? policy, DeadlineRules rules, DateTimeOffset now)
    {
        if (policy is null || !rules.Calendars.TryGetValue(clock.CalendarCode, out var calendar)
            || ClockPlan.Next(ClockPlan.AlarmsOf(clock, policy, calendar), fired.Threshold) is not { } next)
        {
            return null;
        }

        return new PlannedAlarm(fired.CaseId, fired.ClockKind, fired.Generation, next, next.DueAt <= now ? now : null);
    }

    /// <summary>Working time on the clock's own calendar from its start to <paramref name="now"/>, less the time it was paused.</summary>
    public static long WorkedSeconds(CaseClock clock, DateTimeOffset now, DeadlineRules rules)
    {
        var calendar = rules.Calendars.GetValueOrDefault(clock.CalendarCode) ?? rules.CalendarFor(null);
        TimeSpan Between(DateTimeOffset from) => from < now ? calendar.WorkingTimeBetween(from, now) : TimeSpan.Zero;
        var worked = Between(clock.StartedAt) - TimeSpan.FromSeconds(clock.PausedSeconds)
            - (clock.State == ClockStates.Paused && clock.PausedAt is { } pausedAt ? Between(pausedAt) : TimeSpan.Zero);
        return Math.Max(0, (long)worked.TotalSeconds);
    }

    /// <summary>
    /// The change of <paramref name="writes"/> to the clocks as read, with the case's next deadline they leave: the earliest of the
    /// clocks that run afterwards (none: null). Counted here rather than by the database, so the case is answered as it is stored and
    /// the deadline travels in the case's own update.
    /// </summary>
    private static ClockChange Written(CaseClocks clocks, List<ClockWrite> writes)
    {
        var after = clocks.Clocks.ToDictionary(c => c.Kind, c => (c.State, c.DueAt));
        foreach (var write in writes)
        {
            switch (write)
            {
                case ClockWrite.Stop stop:
                    after[stop.Kind] = (ClockStates.Stopped, after[stop.Kind].DueAt);
                    break;
                case ClockWrite.Start start:
                    foreach (var started in start.Clocks)
                    {
                        after[started.Clock.Kind] = (ClockStates.Running, started.Clock.DueAt);
                    }

                    break;
                case ClockWrite.Pause pause when after.TryGetValue(pause.Kind, out var paused) && paused.State == ClockStates.Running:
                    after[pause.Kind] = (ClockStates.Paused, paused.DueAt);
                    break;
                case ClockWrite.Move move:
                    after[move.Kind] = (ClockStates.Running, move.DueAt);
                    break;
            }
        }

        var running = after.Values.Where(c => c.State == ClockStates.Running).Select(c => (DateTimeOffset?)c.DueAt);
        return new ClockChange(writes, new NextDue.Known(running.Min()));
    }

    private static SlaPolicy? PolicyFor(Case @case, DeadlineRules rules) =>
        SlaPolicy.Select(rules.Policies, @case.RequestType, @case.CategoryCode, @case.Urgency);

    /// <summary>
    /// Every clock stopped, then new sign-off and reply clocks for the lead department's calendar when a policy times the case.
    /// Every clock is stopped or started anew, so the next deadline is the earliest started (none without a policy).
    /// </summary>
    private static ClockChange StartAfresh(Case after, CaseClocks clocks, DateTimeOffset now)
    {
        var writes = Stop(clocks, null, keptOnCase: false, now);
        if (PolicyFor(after, clocks.Rules) is not { } policy)
        {
            return new ClockChange(writes, new NextDue.Known(null));
        }

        var calendar = clocks.Rules.CalendarFor(after.LeadDepartmentCode);
        var starts = ((string[])[ClockKinds.SignOff, ClockKinds.Reply])
            .Select(kind => Started(kind, now, policy, calendar, clocks.Clocks))
            .ToList();
        writes.Add(new ClockWrite.Start(starts));
        return new ClockChange(writes, new NextDue.Known(starts.Min(s => s.Clock.DueAt)));
    }

    /// <summary>A rejected return: the department must handle the case, so its reply clock starts again.</summary>
    private static List<ClockWrite> RestartReply(Case after, SlaPolicy policy, CaseClocks clocks, DateTimeOffset now) =>
    [
        new ClockWrite.DropPendingAlarms(ClockKinds.Reply),
        new ClockWrite.Start([Started(ClockKinds.Reply, now, policy, clocks.Rules.CalendarFor(after.LeadDepartmentCode), clocks.Clocks)]),
    ];

    /// <summary>A clock of <paramref name="kind"/> started at <paramref name="now"/>, as the next generation after the case's clock of that kind, if it has one.</summary>
    private static ClockStart Started(string kind, DateTimeOffset now, SlaPolicy policy, WorkingCalendar calendar, IReadOnlyList<CaseClock> clocks)
    {
        var previous = clocks.FirstOrDefault(c => c.Kind == kind);
        return new ClockStart(ClockPlan.Plan(kind, now, policy, calendar, (previous?.Generation ?? 0) + 1), previous is not null);
    }

    /// <summary>
    /// Stops the clocks of <paramref name="kind"/> (null: every kind) that still run or wait, keeping the working time each ran, and
    /// drops their pending alarms. A case without clocks has no alarms either (alarms are written with their clock).
    /// </summary>
    private static List<ClockWrite> Stop(CaseClocks clocks, string? kind, bool keptOnCase, DateTimeOffset now)
    {
        var all = clocks.Clocks;
        if (all.Count == 0)
        {
            return [];
        }

        List<ClockWrite> writes = [.. all.Where(c => c.State != ClockStates.Stopped && (kind is null || c.Kind == kind))
            .Select(c => new ClockWrite.Stop(c.Kind, WorkedSeconds(c, now, clocks.Rules), keptOnCase, now))];
        writes.Add(new ClockWrite.DropPendingAlarms(kind));
        return writes;
    }

    /// <summary>
    /// Moves the deadline of the clock <see cref="MovedClock"/> names to <paramref name="newDue"/>, and plans its alarms again by the
    /// policy version it started under: its next is the first still ahead that has not fired in this run.
    /// </summary>
    private static List<ClockWrite> Move(CaseAction action, CaseClocks clocks, DateTimeOffset now, Func<CaseClock, WorkingCalendar, DateTimeOffset> newDue)
    {
        var rules = clocks.Rules;
        if (MovedClock(action, clocks.Clocks, rules) is not { } clock)
        {
            return [];
        }

        var calendar = rules.Calendars[clock.CalendarCode];
        var due = newDue(clock, calendar);
        var generation = clock.Generation + 1;
        var paused = clock.State == ClockStates.Paused && clock.PausedAt is { } pausedAt && pausedAt < now
            ? (long)calendar.WorkingTimeBetween(pausedAt, now).TotalSeconds
            : 0;
        List<ClockWrite> writes = [new ClockWrite.Move(clock.Kind, due, generation, paused), new ClockWrite.DropPendingAlarms(clock.Kind)];
        if (clocks.MovedClockPolicy is not { } policy)
        {
            return writes;
        }

        var fired = clocks.MovedClockFired;
        List<Alarm> next = [.. ClockPlan.AlarmsFor(clock.Kind, clock.StartedAt, due, clock.Unit, policy, calendar)
            .Where(a => a.DueAt > now && !fired.Contains((a.Kind, a.Percent)))
            .Take(1)];
        if (next.Count > 0)
        {
            writes.Add(new ClockWrite.PlanAlarms(clock.Kind, generation, next));
        }

        return writes;
    }
}
