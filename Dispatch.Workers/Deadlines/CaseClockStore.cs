using System.Data.Common;
using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// Keeps a case's clocks in step with its lifecycle, inside the transaction of the change itself:
/// a dispatch (by rule or by hand, a re-dispatch, a reopen) starts new sign-off and reply clocks for the lead
/// department's calendar; signing stops the sign-off clock; a return, a merge or a close stops every clock;
/// a rejected return restarts the reply clock; an approved extension moves the reply deadline; pausing while
/// waiting on the caller stops the reply clock and resuming gives back the working time that was left.
/// Each start or move is a new generation: alarms of an older generation never fire.
/// A running clock keeps one pending alarm, its next (the first of its plan when it starts, the first still ahead when its
/// deadline moves); the sweeper plans the one after when it fires it (<see cref="DeadlineSweeper"/>).
/// </summary>
public static class CaseClockStore
{
    private const string Running = "running";
    private const string Paused = "paused";
    private const string Stopped = "stopped";

    /// <summary>
    /// Applies <paramref name="action"/>'s effect on the clocks. Its writes go into <paramref name="writes"/> when given (the caller
    /// sends them with its own), else they are sent here in one round trip. The case's clocks are read here, unless the caller read
    /// them in this transaction with the case locked and passes them as <paramref name="clocks"/>.
    /// The case's next deadline (cases.next_due_at) follows in SQL among the writes; but when <paramref name="nextDueOnCase"/> and the
    /// action sets it without the database (a dispatch starts the clocks afresh), it is returned instead, for the caller's own update
    /// of the case to write (one new version of the case row, not two). Null when it is left to SQL.
    /// </summary>
    public static async Task<NextDue?> ApplyAsync(DbConnection connection, DbTransaction transaction, Case after, CaseAction action,
        DeadlineRules rules, DateTimeOffset now, CancellationToken ct, SqlBatch? writes = null, IReadOnlyList<CaseClock>? clocks = null,
        bool nextDueOnCase = false)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(rules);
        var batch = writes ?? new SqlBatch();
        Task<IReadOnlyList<CaseClock>> Read() => clocks is null ? ReadAsync(connection, transaction, after.Id, ct) : Task.FromResult(clocks);
        var (changed, nextDue) = await ApplyAsync(connection, transaction, batch, after, action, rules, now, Read, ct);
        if (!changed)
        {
            return null;
        }

        if (!nextDueOnCase || nextDue is null)
        {
            batch.Add("update cases set next_due_at = (select min(due_at) from case_clocks where case_id = @Id and state = @Running) where id = @Id",
                new { after.Id, Running });
            nextDue = null;
        }

        if (writes is null)
        {
            await batch.ExecuteAsync(connection, transaction, ct);
        }

        return nextDue;
    }

    /// <summary>Whether the action changed the clocks, and the case's next deadline when known without the database.</summary>
    private static async Task<(bool Changed, NextDue? NextDue)> ApplyAsync(DbConnection connection, DbTransaction transaction, SqlBatch writes,
        Case after, CaseAction action, DeadlineRules rules, DateTimeOffset now, Func<Task<IReadOnlyList<CaseClock>>> read, CancellationToken ct)
    {
        switch (action)
        {
            case CaseAction.Dispatch or CaseAction.Redispatch or CaseAction.Reopen:
                // Stopping read the clocks and dropped every pending alarm: starting needs neither again. Every clock is stopped or
                // started anew, so the next deadline is the earliest started.
                var previous = StopClocks(writes, await read(), after.Id, null, now, rules);
                if (SlaPolicy.Select(rules.Policies, after.RequestType, after.CategoryCode, after.Urgency) is not { } policy)
                {
                    return (true, new NextDue(null));
                }

                var calendar = rules.CalendarFor(after.LeadDepartmentCode);
                var starts = ((string[])[ClockKinds.SignOff, ClockKinds.Reply])
                    .Select(kind => (Plan: ClockPlan.Plan(kind, now, policy, calendar), Previous: previous.FirstOrDefault(c => c.Kind == kind)))
                    .ToList();
                StartClocks(writes, after.Id, starts);
                return (true, new NextDue(starts.Min(s => s.Plan.DueAt)));
            case CaseAction.Sign:
                StopClocks(writes, await read(), after.Id, ClockKinds.SignOff, now, rules, keepOnCaseAs: "signoff_seconds");
                break;
            case CaseAction.RejectReturn:
                if (SlaPolicy.Select(rules.Policies, after.RequestType, after.CategoryCode, after.Urgency) is { } again)
                {
                    var reply = (await read()).FirstOrDefault(c => c.Kind == ClockKinds.Reply);
                    DropPendingAlarms(writes, after.Id, ClockKinds.Reply);
                    StartClocks(writes, after.Id, [(ClockPlan.Plan(ClockKinds.Reply, now, again, rules.CalendarFor(after.LeadDepartmentCode)), reply)]);
                }

                break;
            case CaseAction.Reply:
                StopClocks(writes, await read(), after.Id, ClockKinds.Reply, now, rules, keepOnCaseAs: "reply_seconds");
                break;
            case CaseAction.Return or CaseAction.Merge or CaseAction.CloseDirectly or CaseAction.CloseAfterVisit
                or CaseAction.CloseUnreachable or CaseAction.CloseWithMaster:
                StopClocks(writes, await read(), after.Id, null, now, rules);
                break;
            case CaseAction.ApproveExtension when after.ExtendedUntil is { } until:
                await ReplanAsync(connection, transaction, writes, after, await read(), rules, now, (clock, _) => until, ct);
                break;
            case CaseAction.PauseClock:
                writes.Add("update case_clocks set state = @Paused, paused_at = @Now where case_id = @Id and kind = @Kind and state = @Running",
                    new { Paused, Running, Now = now, after.Id, Kind = ClockKinds.Reply });
                DropPendingAlarms(writes, after.Id, ClockKinds.Reply);
                break;
            case CaseAction.ResumeClock:
                await ReplanAsync(connection, transaction, writes, after, await read(), rules, now, (clock, calendar) =>
                {
                    var pausedAt = clock.PausedAt ?? now;
                    return clock.Unit == LimitUnit.NaturalHours
                        ? now + (clock.DueAt - pausedAt)
                        : calendar.AddWorkingTime(now, calendar.WorkingTimeBetween(pausedAt, clock.DueAt));
                }, ct, requiredState: Paused);
                break;
            default:
                return (false, null);
        }

        return (true, null);
    }

    /// <summary>Clocks from the next result of a multi-statement read that selected <see cref="SelectClock"/>.</summary>
    internal static async Task<IReadOnlyList<CaseClock>> ReadAsync(SqlMapper.GridReader results) =>
        [.. (await results.ReadAsync<ClockRow>()).Select(r => r.ToClock())];

    public static async Task<IReadOnlyList<CaseClock>> ReadAsync(DbConnection connection, DbTransaction? transaction, Guid caseId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<ClockRow>(new CommandDefinition($"""
            {SelectClock} where case_id = @CaseId order by kind desc
            """, new { CaseId = caseId }, transaction, cancellationToken: ct))).Select(r => r.ToClock())];

    /// <summary>The clocks of every case of <paramref name="caseIds"/>, in one round trip.</summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<CaseClock>>> ReadManyAsync(DbConnection connection, DbTransaction? transaction, ISqlDialect dialect,
        IReadOnlyCollection<Guid> caseIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var rows = await connection.QueryAsync<ClockRow>(new CommandDefinition($"""
            {SelectClock} where {dialect.InList("case_id", "CaseIds")} order by case_id, kind desc
            """, new { CaseIds = caseIds.ToArray() }, transaction, cancellationToken: ct));
        return rows.GroupBy(r => r.CaseId).ToDictionary(g => g.Key, g => (IReadOnlyList<CaseClock>)[.. g.Select(r => r.ToClock())]);
    }

    /// <summary>The columns of a clock, from case_clocks: a caller adds its where clause (and an order by kind desc).</summary>
    internal const string SelectClock = $"""
            select case_id as {nameof(ClockRow.CaseId)}, kind as {nameof(ClockRow.Kind)}, generation as {nameof(ClockRow.Generation)}, state as {nameof(ClockRow.State)},
                   started_at as {nameof(ClockRow.StartedAt)}, due_at as {nameof(ClockRow.DueAt)}, limit_amount as {nameof(ClockRow.LimitAmount)},
                   limit_unit as {nameof(ClockRow.LimitUnit)}, policy_id as {nameof(ClockRow.PolicyId)}, policy_version as {nameof(ClockRow.PolicyVersion)},
                   calendar_code as {nameof(ClockRow.CalendarCode)}, calendar_version as {nameof(ClockRow.CalendarVersion)},
                   paused_at as {nameof(ClockRow.PausedAt)}, stopped_at as {nameof(ClockRow.StoppedAt)}, overdue_at as {nameof(ClockRow.OverdueAt)},
                   paused_seconds as {nameof(ClockRow.PausedSeconds)}, worked_seconds as {nameof(ClockRow.WorkedSeconds)}
            from case_clocks
            """;

    /// <summary>
    /// Starts a clock by each plan as the next generation after its previous clock (the clock of that kind as read in this transaction,
    /// or null when the case has none), with its first alarm: the new clocks in one statement, the restarted ones in one each, and the
    /// alarms in one more. The caller has dropped the old clocks' pending alarms.
    /// </summary>
    private static void StartClocks(SqlBatch writes, Guid caseId, List<(ClockPlan Plan, CaseClock? Previous)> starts)
    {
        var inserted = new Dictionary<string, object> { ["CaseId"] = caseId, ["Running"] = Running };
        var rows = new List<string>(starts.Count);
        var alarms = new List<(string ClockKind, int Generation, IReadOnlyList<Alarm> Alarms)>(starts.Count);
        foreach (var (plan, previous) in starts)
        {
            var generation = (previous?.Generation ?? 0) + 1;
            alarms.Add((plan.Kind, generation, [.. plan.Alarms.Take(1)]));
            var values = Values(plan, generation);
            if (previous is not null)
            {
                writes.Add("""
                    update case_clocks set generation = @Generation, state = @Running, started_at = @StartedAt, due_at = @DueAt, limit_amount = @Amount,
                           limit_unit = @Unit, policy_id = @PolicyId, policy_version = @PolicyVersion, calendar_code = @CalendarCode,
                           calendar_version = @CalendarVersion, paused_at = null, stopped_at = null, overdue_at = null, paused_seconds = 0, worked_seconds = null
                    where case_id = @CaseId and kind = @Kind
                    """, values.Append(new("CaseId", caseId)).Append(new("Running", Running)).ToDictionary());
                continue;
            }

            var i = rows.Count;
            rows.Add($"(@CaseId, @Kind{i}, @Generation{i}, @Running, @StartedAt{i}, @DueAt{i}, @Amount{i}, @Unit{i}, @PolicyId{i}, @PolicyVersion{i}, " +
                     $"@CalendarCode{i}, @CalendarVersion{i})");
            foreach (var (name, value) in values)
            {
                inserted[name + i] = value;
            }
        }

        if (rows.Count > 0)
        {
            writes.Add($"""
                insert into case_clocks (case_id, kind, generation, state, started_at, due_at, limit_amount, limit_unit, policy_id, policy_version,
                                         calendar_code, calendar_version)
                values {string.Join(", ", rows)}
                """, inserted);
        }

        InsertAlarms(writes, caseId, alarms);

        static KeyValuePair<string, object>[] Values(ClockPlan plan, int generation) =>
        [
            new("Kind", plan.Kind), new("Generation", generation), new("StartedAt", plan.StartedAt), new("DueAt", plan.DueAt),
            new("Amount", plan.Limit.Amount), new("Unit", DeadlineRulesStore.UnitName(plan.Limit.Unit)), new("PolicyId", plan.PolicyId),
            new("PolicyVersion", plan.PolicyVersion), new("CalendarCode", plan.CalendarCode), new("CalendarVersion", plan.CalendarVersion),
        ];
    }

    /// <summary>
    /// Moves a running (or, for a resume, paused) clock's deadline, and plans its alarms again by the policy version it started under:
    /// its next is the first still ahead that has not fired in this run.
    /// </summary>
    private static async Task ReplanAsync(DbConnection connection, DbTransaction transaction, SqlBatch writes, Case after,
        IReadOnlyList<CaseClock> clocks, DeadlineRules rules, DateTimeOffset now, Func<CaseClock, WorkingCalendar, DateTimeOffset> newDue,
        CancellationToken ct, string requiredState = Running)
    {
        var clock = clocks.FirstOrDefault(c => c.Kind == ClockKinds.Reply && c.State == requiredState);
        if (clock is null || !rules.Calendars.TryGetValue(clock.CalendarCode, out var calendar))
        {
            return;
        }

        var due = newDue(clock, calendar);
        var generation = clock.Generation + 1;
        var paused = clock.State == Paused && clock.PausedAt is { } pausedAt && pausedAt < now
            ? (long)calendar.WorkingTimeBetween(pausedAt, now).TotalSeconds
            : 0;
        writes.Add("""
            update case_clocks set due_at = @Due, generation = @Generation, state = @Running, paused_at = null, paused_seconds = paused_seconds + @Paused
            where case_id = @Id and kind = @Kind
            """, new { Due = due, Generation = generation, Running, Paused = paused, after.Id, Kind = clock.Kind });
        DropPendingAlarms(writes, after.Id, clock.Kind);
        if (await rules.PolicyAtAsync(connection, transaction, clock.PolicyId, clock.PolicyVersion, ct) is not { } policy)
        {
            return;
        }

        var fired = (await connection.QueryAsync<(string Kind, int Threshold)>(new CommandDefinition("""
            select kind, threshold from case_alarms where case_id = @Id and clock_kind = @Kind and fired_at is not null and fired_at >= @Since
            """, new { after.Id, Kind = clock.Kind, Since = clock.StartedAt }, transaction, cancellationToken: ct))).ToHashSet();
        var next = ClockPlan.AlarmsFor(clock.Kind, clock.StartedAt, due, clock.Unit, policy, calendar)
            .Where(a => a.DueAt > now && !fired.Contains((a.Kind, a.Percent)))
            .Take(1);
        InsertAlarms(writes, after.Id, [(clock.Kind, generation, [.. next])]);
    }

    /// <summary>
    /// Stops the clocks (one kind, or all), keeping the working time each ran, pauses excluded: what the reports
    /// average. A sign-off or a reply also copies it onto the case (the last round's time to sign-off or to reply).
    /// </summary>
    private static IReadOnlyList<CaseClock> StopClocks(SqlBatch writes, IReadOnlyList<CaseClock> clocks, Guid caseId, string? kind,
        DateTimeOffset now, DeadlineRules rules, string? keepOnCaseAs = null)
    {
        if (clocks.Count == 0)
        {
            // No clock, so no alarm either (alarms are written with their clock).
            return clocks;
        }

        foreach (var clock in clocks.Where(c => c.State != Stopped && (kind is null || c.Kind == kind)))
        {
            var worked = WorkedSeconds(clock, now, rules);
            writes.Add("""
                update case_clocks set state = @Stopped, stopped_at = @Now, worked_seconds = @Worked where case_id = @CaseId and kind = @Kind
                """, new { Stopped, Now = now, Worked = worked, CaseId = caseId, clock.Kind });
            if (keepOnCaseAs is not null)
            {
                writes.Add($"update cases set {keepOnCaseAs} = @Worked where id = @CaseId", new { Worked = worked, CaseId = caseId });
            }
        }

        DropPendingAlarms(writes, caseId, kind);
        return clocks;
    }

    /// <summary>Working time on the clock's own calendar from its start to <paramref name="now"/>, less the time it was paused.</summary>
    public static long WorkedSeconds(CaseClock clock, DateTimeOffset now, DeadlineRules rules)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(rules);
        var calendar = rules.Calendars.GetValueOrDefault(clock.CalendarCode) ?? rules.CalendarFor(null);
        TimeSpan Between(DateTimeOffset from) => from < now ? calendar.WorkingTimeBetween(from, now) : TimeSpan.Zero;
        var worked = Between(clock.StartedAt) - TimeSpan.FromSeconds(clock.PausedSeconds)
            - (clock.State == Paused && clock.PausedAt is { } pausedAt ? Between(pausedAt) : TimeSpan.Zero);
        return Math.Max(0, (long)worked.TotalSeconds);
    }

    private static void DropPendingAlarms(SqlBatch writes, Guid caseId, string? kind) =>
        writes.Add(kind is null
            ? "delete from case_alarms where case_id = @CaseId and fired_at is null"
            : "delete from case_alarms where case_id = @CaseId and clock_kind = @Kind and fired_at is null",
            new { CaseId = caseId, Kind = kind });

    /// <summary>All the alarms of the given clocks in one statement (one round trip, not one per alarm).</summary>
    private static void InsertAlarms(SqlBatch writes, Guid caseId, List<(string ClockKind, int Generation, IReadOnlyList<Alarm> Alarms)> clocks)
    {
        var parameters = new Dictionary<string, object> { ["CaseId"] = caseId };
        var rows = new List<string>();
        for (var c = 0; c < clocks.Count; c++)
        {
            var (clockKind, generation, alarms) = clocks[c];
            parameters[$"ClockKind{c}"] = clockKind;
            parameters[$"Generation{c}"] = generation;
            for (var i = 0; i < alarms.Count; i++)
            {
                parameters[$"Kind{c}_{i}"] = alarms[i].Kind;
                parameters[$"Threshold{c}_{i}"] = alarms[i].Percent;
                parameters[$"DueAt{c}_{i}"] = alarms[i].DueAt;
                rows.Add($"(@CaseId, @ClockKind{c}, @Generation{c}, @Kind{c}_{i}, @Threshold{c}_{i}, @DueAt{c}_{i})");
            }
        }

        if (rows.Count > 0)
        {
            writes.Add($"insert into case_alarms (case_id, clock_kind, generation, kind, threshold, due_at) values {string.Join(", ", rows)}", parameters);
        }
    }

    private sealed class ClockRow
    {
        public Guid CaseId { get; init; }

        public string Kind { get; init; } = "";
        public int Generation { get; init; }
        public string State { get; init; } = "";
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset DueAt { get; init; }
        public decimal LimitAmount { get; init; }
        public string LimitUnit { get; init; } = "";
        public long PolicyId { get; init; }
        public int PolicyVersion { get; init; }
        public string CalendarCode { get; init; } = "";
        public int CalendarVersion { get; init; }
        public DateTimeOffset? PausedAt { get; init; }
        public DateTimeOffset? StoppedAt { get; init; }
        public DateTimeOffset? OverdueAt { get; init; }
        public long PausedSeconds { get; init; }
        public long? WorkedSeconds { get; init; }

        public CaseClock ToClock() => new(Kind, Generation, State, StartedAt, DueAt, new SlaLimit(LimitAmount, DeadlineRulesStore.ParseUnit(LimitUnit)),
            PolicyId, PolicyVersion, CalendarCode, CalendarVersion, PausedAt, StoppedAt, OverdueAt)
        {
            PausedSeconds = PausedSeconds,
            WorkedSeconds = WorkedSeconds,
        };
    }
}

/// <summary>A case's next deadline (null: no clock running) as <see cref="CaseClockStore.ApplyAsync"/> left it for the caller to write.</summary>
public readonly record struct NextDue(DateTimeOffset? At);

/// <summary>A clock of a case as stored.</summary>
public sealed record CaseClock(
    string Kind,
    int Generation,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    SlaLimit Limit,
    long PolicyId,
    int PolicyVersion,
    string CalendarCode,
    int CalendarVersion,
    DateTimeOffset? PausedAt,
    DateTimeOffset? StoppedAt,
    DateTimeOffset? OverdueAt)
{
    public LimitUnit Unit => Limit.Unit;

    /// <summary>Working time the clock spent paused (waiting on the caller), summed over its pauses.</summary>
    public long PausedSeconds { get; init; }

    /// <summary>The working time it ran, pauses excluded, once stopped.</summary>
    public long? WorkedSeconds { get; init; }
}
