using System.Data.Common;
using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// A case's clocks and their alarms in the database: read for a change (no more than it needs), and written as the change
/// decided (<see cref="ClockChange"/>, by <see cref="CaseChangeWriter"/>), in the change's own batch.
/// A running clock keeps one pending alarm in <c>case_alarms</c>, its next; starting or moving a clock writes the first of a new
/// generation, and firing one writes the one after (<see cref="ClockChange.NextAlarm"/>).
/// </summary>
public static class CaseClockStore
{
    /// <summary>A pending alarm as written when the one before it fires (fired already when it was due too).</summary>
    private static readonly RowInsert AlarmRow = new("case_alarms", ("case_id", typeof(Guid)), ("clock_kind", typeof(string)), ("generation", typeof(int)),
        ("kind", typeof(string)), ("threshold", typeof(int)), ("due_at", typeof(DateTimeOffset)), ("fired_at", typeof(DateTimeOffset?)));

    /// <summary>
    /// What the change of <paramref name="action"/> on <paramref name="current"/> needs to know of its clocks, read in this
    /// transaction: nothing but the rules, or the clocks (one round trip), and for a deadline that moves the policy its clock started
    /// under (a round trip only for a version no longer current) and the alarms it already fired (one more).
    /// </summary>
    public static async Task<CaseClocks> ReadForAsync(DbConnection connection, DbTransaction transaction, Case current, CaseAction action,
        DeadlineRules rules, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(rules);
        if (!ClockChanges.Reads(current, action, rules))
        {
            return CaseClocks.Unread(rules);
        }

        var clocks = await ReadAsync(connection, transaction, current.Id, ct);
        if (ClockChanges.MovedClock(action, clocks, rules) is not { } moved)
        {
            return CaseClocks.Read(rules, clocks);
        }

        var policy = await DeadlineRulesStore.PolicyAtAsync(connection, transaction, rules, moved.PolicyId, moved.PolicyVersion, ct);
        var fired = policy is null
            ? []
            : (await connection.QueryAsync<(string Kind, int Threshold)>(new CommandDefinition("""
                select kind, threshold from case_alarms where case_id = @Id and clock_kind = @Kind and fired_at is not null and fired_at >= @Since
                """, new { current.Id, Kind = moved.Kind, Since = moved.StartedAt }, transaction, cancellationToken: ct))).ToHashSet();
        return CaseClocks.ReadForMove(rules, clocks, policy, fired);
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

    /// <summary>Adds what <paramref name="change"/> does to the clocks of case <paramref name="caseId"/> to <paramref name="writes"/>, in its order.</summary>
    internal static void Add(SqlBatch writes, Guid caseId, ClockChange change)
    {
        foreach (var write in change.Writes)
        {
            Add(writes, caseId, write);
        }

        if (change.NextAlarm is { } next)
        {
            writes.Insert(AlarmRow, next.CaseId, next.ClockKind, next.Generation, next.Alarm.Kind, next.Alarm.Percent, next.Alarm.DueAt, next.FiredAt);
        }
    }

    private static void Add(SqlBatch writes, Guid caseId, ClockWrite write)
    {
        switch (write)
        {
            case ClockWrite.Stop stop:
                writes.Add("""
                    update case_clocks set state = @Stopped, stopped_at = @Now, worked_seconds = @Worked where case_id = @CaseId and kind = @Kind
                    """, new { ClockStates.Stopped, Now = stop.At, Worked = stop.WorkedSeconds, CaseId = caseId, stop.Kind });
                if (stop.KeptOnCase)
                {
                    writes.Add(stop.Kind == ClockKinds.SignOff
                        ? "update cases set signoff_seconds = @Worked where id = @CaseId"
                        : "update cases set reply_seconds = @Worked where id = @CaseId", new { Worked = stop.WorkedSeconds, CaseId = caseId });
                }

                break;
            case ClockWrite.DropPendingAlarms drop:
                writes.Add(drop.Kind is null
                    ? "delete from case_alarms where case_id = @CaseId and fired_at is null"
                    : "delete from case_alarms where case_id = @CaseId and clock_kind = @Kind and fired_at is null",
                    new { CaseId = caseId, drop.Kind });
                break;
            case ClockWrite.Start start:
                Start(writes, caseId, start.Clocks);
                break;
            case ClockWrite.Pause pause:
                writes.Add("update case_clocks set state = @Paused, paused_at = @Now where case_id = @Id and kind = @Kind and state = @Running",
                    new { ClockStates.Paused, ClockStates.Running, Now = pause.At, Id = caseId, pause.Kind });
                break;
            case ClockWrite.Move move:
                writes.Add("""
                    update case_clocks set due_at = @Due, generation = @Generation, state = @Running, paused_at = null, paused_seconds = paused_seconds + @Paused
                    where case_id = @Id and kind = @Kind
                    """, new { Due = move.DueAt, move.Generation, ClockStates.Running, Paused = move.PausedSeconds, Id = caseId, move.Kind });
                break;
            case ClockWrite.PlanAlarms plan:
                InsertAlarms(writes, caseId, [(plan.Kind, plan.Generation, plan.Alarms)]);
                break;
            case ClockWrite.MarkOverdue overdue:
                writes.Add("update case_clocks set overdue_at = @Now where case_id = @Id and kind = @Kind", new { Now = overdue.At, Id = caseId, overdue.Kind });
                break;
            default:
                throw new InvalidOperationException($"No storage defined for {write.GetType().Name}.");
        }
    }

    /// <summary>
    /// Starts each clock as its generation, with its first alarm: the new clocks in one statement, the restarted ones in one each, and
    /// the alarms in one more. The change has dropped the old clocks' pending alarms.
    /// </summary>
    private static void Start(SqlBatch writes, Guid caseId, IReadOnlyList<ClockStart> starts)
    {
        var inserted = new Dictionary<string, object> { ["CaseId"] = caseId, ["Running"] = ClockStates.Running };
        var rows = new List<string>(starts.Count);
        var alarms = new List<(string ClockKind, int Generation, IReadOnlyList<Alarm> Alarms)>(starts.Count);
        foreach (var start in starts)
        {
            var clock = start.Clock;
            alarms.Add((clock.Kind, clock.Generation, start.FirstAlarm is { } first ? [first] : []));
            var values = Values(clock);
            if (start.Restarts)
            {
                writes.Add("""
                    update case_clocks set generation = @Generation, state = @Running, started_at = @StartedAt, due_at = @DueAt, limit_amount = @Amount,
                           limit_unit = @Unit, policy_id = @PolicyId, policy_version = @PolicyVersion, calendar_code = @CalendarCode,
                           calendar_version = @CalendarVersion, paused_at = null, stopped_at = null, overdue_at = null, paused_seconds = 0, worked_seconds = null
                    where case_id = @CaseId and kind = @Kind
                    """, values.Append(new("CaseId", caseId)).Append(new("Running", ClockStates.Running)).ToDictionary());
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

        static KeyValuePair<string, object>[] Values(CaseClock clock) =>
        [
            new("Kind", clock.Kind), new("Generation", clock.Generation), new("StartedAt", clock.StartedAt), new("DueAt", clock.DueAt),
            new("Amount", clock.Limit.Amount), new("Unit", DeadlineRulesStore.UnitName(clock.Limit.Unit)), new("PolicyId", clock.PolicyId),
            new("PolicyVersion", clock.PolicyVersion), new("CalendarCode", clock.CalendarCode), new("CalendarVersion", clock.CalendarVersion),
        ];
    }

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
