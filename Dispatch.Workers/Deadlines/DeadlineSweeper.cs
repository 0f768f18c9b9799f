using System.Data.Common;
using Dapper;
using Dispatch.Contracts;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// Finds the alarms that are due and acts on each exactly once: a warning to the handling department at each
/// threshold; at the sign-off deadline, overdue for sign-off, the center notified, and the case returned for
/// re-dispatch where the policy says so; at the reply deadline, overdue, escalated to the department's head;
/// after the grace, supervision (督办). Each act is an audited event of the case, its notification is an
/// outbox message, and the alarm is marked fired — all in one transaction. Any number of sweepers share the
/// table: each claims alarms with a row lock the others skip, so an alarm fires once even with several
/// sweepers, after a crash mid-sweep (the transaction rolls back and the alarm is claimed again) or a restart.
/// A running clock keeps only its next alarm in the table: firing it plans the one after from the clock's start and deadline, by
/// the policy version the clock started under, in the same transaction. When that one is already due (the sweeper was behind),
/// it fires in the same sweep, in order of due time with the rest of the batch, so a sweeper that was down fires what it missed
/// as it would have fired it. (Clocks that still hold every alarm, written by an earlier version, fire their rows as they are.)
/// </summary>
public sealed partial class DeadlineSweeper(
    Database database,
    DeadlineRulesStore deadlines,
    TimeProvider clock,
    AuditKeyRing keys,
    IOptions<DeadlineOptions> options,
    ILogger<DeadlineSweeper> logger) : BackgroundService
{
    public const string Actor = "system:sweeper";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var fired = 0;
            try
            {
                fired = await SweepOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, e);
            }

            if (fired < options.Value.SweepBatchSize)
            {
                try
                {
                    await Task.Delay(options.Value.SweepInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Claims one batch of due alarms and acts on them, with the alarms they plan that are already due; returns how many alarms
    /// it spent (those that no longer apply included).
    /// </summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var rules = await deadlines.GetAsync(cancellationToken);
        var fired = await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var claimed = (await connection.QueryAsync<DueAlarm>(new CommandDefinition(database.Dialect.ClaimDueAlarmsSql,
                new { Now = now, BatchSize = options.Value.SweepBatchSize }, transaction, cancellationToken: ct))).ToList();
            if (claimed.Count == 0)
            {
                return 0;
            }

            // Set-based: the batch's cases (locked, so nobody changes them meanwhile) and clocks are read in two round
            // trips, and everything the firings write travels in one batch at the end.
            var writes = new SqlBatch().Add($"update case_alarms set fired_at = @Now where {database.Dialect.InList("id", "Ids")}",
                new { Now = now, Ids = claimed.Select(a => a.Id).ToArray() });
            var caseIds = claimed.Select(a => a.CaseId).Distinct().ToList();
            var batch = new SweepBatch(
                await CaseStore.LockManyByIdAsync(connection, transaction, database.Dialect, caseIds, ct),
                await CaseClockStore.ReadManyAsync(connection, transaction, database.Dialect, caseIds, ct));
            var order = 0L;
            var due = new PriorityQueue<DueAlarm, (DateTimeOffset DueAt, long Order)>(claimed.Select(a => (a, (a.DueAt, order++))));
            var spent = 0;
            while (due.TryDequeue(out var alarm, out _))
            {
                spent++;
                if (await FireAsync(connection, transaction, writes, batch, alarm, rules, now, ct) is { } running && !alarm.HasNext
                    && await NextAsync(connection, transaction, running, alarm, rules, ct) is { } next)
                {
                    var dueNow = next.DueAt <= now;
                    writes.Insert(AlarmRow, next.CaseId, next.ClockKind, next.Generation, next.Kind, next.Threshold, next.DueAt,
                        dueNow ? now : (DateTimeOffset?)null);
                    if (dueNow)
                    {
                        due.Enqueue(next, (next.DueAt, order++));
                    }
                }
            }

            await writes.ExecuteAsync(connection, transaction, ct);
            return spent;
        }, cancellationToken);
        if (fired > 0)
        {
            Hosting.DispatchMetrics.AlarmsFired.Add(fired);
            LogFired(logger, fired);
        }

        return fired;
    }

    /// <summary>
    /// The cases and clocks of a claimed batch as this transaction has left them so far. A firing that changes a case's clocks
    /// (an automatic return stops them) drops that case's clocks here, and they are read again, after the pending writes, when
    /// another alarm of the same case comes up in the batch.
    /// </summary>
    private sealed class SweepBatch(Dictionary<Guid, Case> cases, Dictionary<Guid, IReadOnlyList<CaseClock>> clocks)
    {
        private readonly HashSet<Guid> _changed = [];

        public Dictionary<Guid, Case> Cases { get; } = cases;

        public async Task<IReadOnlyList<CaseClock>> ClocksAsync(DbConnection connection, DbTransaction transaction, SqlBatch writes, Guid caseId,
            CancellationToken ct)
        {
            if (_changed.Remove(caseId))
            {
                await writes.ExecuteAsync(connection, transaction, ct);
                clocks[caseId] = await CaseClockStore.ReadAsync(connection, transaction, caseId, ct);
            }

            return clocks.GetValueOrDefault(caseId) ?? [];
        }

        public void ClocksChanged(Guid caseId) => _changed.Add(caseId);
    }

    /// <summary>A pending alarm as written when the one before it fires (fired already when it was due too).</summary>
    private static readonly RowInsert AlarmRow = new("case_alarms", ("case_id", typeof(Guid)), ("clock_kind", typeof(string)), ("generation", typeof(int)),
        ("kind", typeof(string)), ("threshold", typeof(int)), ("due_at", typeof(DateTimeOffset)), ("fired_at", typeof(DateTimeOffset?)));

    /// <summary>The clock's alarm after <paramref name="fired"/>, planned as when the clock started (or its deadline last moved).</summary>
    private static async Task<DueAlarm?> NextAsync(DbConnection connection, DbTransaction transaction, CaseClock clock, DueAlarm fired,
        DeadlineRules rules, CancellationToken ct)
    {
        if (await rules.PolicyAtAsync(connection, transaction, clock.PolicyId, clock.PolicyVersion, ct) is not { } policy
            || !rules.Calendars.TryGetValue(clock.CalendarCode, out var calendar)
            || ClockPlan.Next(ClockPlan.AlarmsOf(clock, policy, calendar), fired.Threshold) is not { } next)
        {
            return null;
        }

        return new DueAlarm
        {
            CaseId = fired.CaseId, ClockKind = fired.ClockKind, Generation = fired.Generation, Kind = next.Kind, Threshold = next.Percent, DueAt = next.DueAt,
        };
    }

    /// <summary>Acts on the alarm; returns its clock when that is still running afterwards (null: the alarm no longer applied, or its act stopped the clock).</summary>
    private async Task<CaseClock?> FireAsync(DbConnection connection, DbTransaction transaction, SqlBatch writes, SweepBatch batch, DueAlarm alarm,
        DeadlineRules rules, DateTimeOffset now, CancellationToken ct)
    {
        var clockNow = (await batch.ClocksAsync(connection, transaction, writes, alarm.CaseId, ct)).FirstOrDefault(c => c.Kind == alarm.ClockKind);
        if (clockNow is null || clockNow.Generation != alarm.Generation || clockNow.State != "running"
            || !batch.Cases.TryGetValue(alarm.CaseId, out var current))
        {
            return null; // the clock was stopped, paused or moved since: this alarm no longer applies
        }

        var department = current.HandlingDepartmentCode ?? current.LeadDepartmentCode;
        var policy = await rules.PolicyAtAsync(connection, transaction, clockNow.PolicyId, clockNow.PolicyVersion, ct);
        var clockName = alarm.ClockKind == ClockKinds.SignOff ? "sign-off" : "reply";
        switch (alarm.Kind)
        {
            case AlarmKinds.Warning:
                await RecordAsync(connection, transaction, writes, batch, current, clockNow, CaseAction.DeadlineWarning,
                    $"{clockName} clock {alarm.Threshold}% used; due {clockNow.DueAt:O}",
                    [new DeadlineWarningReached(current.Id, current.Number, alarm.ClockKind, alarm.Threshold, clockNow.DueAt, department, now)], now, ct);
                break;
            case AlarmKinds.Overdue when alarm.ClockKind == ClockKinds.SignOff:
            {
                writes.Add("update case_clocks set overdue_at = @Now where case_id = @Id and kind = @Kind", new { Now = now, current.Id, Kind = alarm.ClockKind });
                var autoReturn = policy?.AutoReturnOnSignOffBreach == true && current.Status == CaseState.Dispatched;
                var marked = await RecordAsync(connection, transaction, writes, batch, current, clockNow, CaseAction.MarkOverdue,
                    $"not signed for by {clockNow.DueAt:O}" + (autoReturn ? "; returned to the center for re-dispatch (policy)" : ""),
                    [new SignOffOverdue(current.Id, current.Number, clockNow.DueAt, department, autoReturn, now)], now, ct,
                    c => c with { SignOffOverdueAt = c.SignOffOverdueAt ?? now });
                if (autoReturn && marked is not null)
                {
                    await RecordAsync(connection, transaction, writes, batch, marked, clockNow, CaseAction.Return, $"auto-return: not signed for by {clockNow.DueAt:O}", [], now, ct,
                        c => c with { HandlingDepartmentCode = null, PendingExtensionUntil = null });
                    await CaseClockStore.ApplyAsync(connection, transaction, marked, CaseAction.Return, rules, now, ct, writes);
                    batch.ClocksChanged(marked.Id);
                    return null;
                }

                break;
            }

            case AlarmKinds.Overdue:
                writes.Add("update case_clocks set overdue_at = @Now where case_id = @Id and kind = @Kind", new { Now = now, current.Id, Kind = alarm.ClockKind });
                await RecordAsync(connection, transaction, writes, batch, current, clockNow, CaseAction.MarkOverdue, $"not replied to by {clockNow.DueAt:O}; escalated to the department head",
                    [new ReplyOverdue(current.Id, current.Number, clockNow.DueAt, department, now)], now, ct,
                    c => c with { ReplyOverdueAt = c.ReplyOverdueAt ?? now });
                break;
            case AlarmKinds.Supervise:
                await RecordAsync(connection, transaction, writes, batch, current, clockNow, CaseAction.Supervise,
                    $"reply overdue since {clockNow.DueAt:O} and past the policy's grace: supervision (督办)",
                    [new SupervisionStarted(current.Id, current.Number, clockNow.DueAt, department, now)], now, ct);
                break;
        }

        return clockNow;
    }

    /// <summary>An audited event of the case through the lifecycle; skipped (null) when the case's state no longer allows it.</summary>
    private async Task<Case?> RecordAsync(DbConnection connection, DbTransaction transaction, SqlBatch writes, SweepBatch batch, Case current,
        CaseClock clock, CaseAction action, string reason, IReadOnlyList<object> events, DateTimeOffset now, CancellationToken ct,
        Func<Case, Case>? change = null)
    {
        if (CaseLifecycle.Decide(current.Status, action) is not CaseDecision.Allowed allowed)
        {
            return null;
        }

        var next = (change ?? (c => c))(current) with { Status = allowed.Transition.To, Version = current.Version + 1, UpdatedAt = now };
        next = await CaseStore.SaveAsync(connection, transaction, keys, current, next,
            new AuditEntry(next.Version, action.ToWire(), allowed.Transition.From?.ToWire(), allowed.Transition.To.ToWire(), Actor, reason,
                "sla-policy", clock.PolicyId, clock.PolicyVersion, now),
            events, now, ct, writes, locked: true);
        batch.Cases[current.Id] = next;
        return next;
    }

    private sealed class DueAlarm
    {
        public long Id { get; init; }
        public Guid CaseId { get; init; }
        public string ClockKind { get; init; } = "";
        public int Generation { get; init; }
        public string Kind { get; init; } = "";
        public int Threshold { get; init; }
        public DateTimeOffset DueAt { get; init; }

        /// <summary>
        /// The clock already has a row for a later alarm (its alarms were all written at its start, by an earlier version): that row
        /// fires as it is, and there is no next to plan. A clock that keeps only its next alarm never has one, so planning the next
        /// can never write a row twice.
        /// </summary>
        public bool HasNext { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline sweeper fired {Count} alarms")]
    private static partial void LogFired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed; trying again at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
