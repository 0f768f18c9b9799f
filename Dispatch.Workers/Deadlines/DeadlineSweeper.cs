using System.Data.Common;
using Dapper;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Hosting;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Telemetry;
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
    ILogger<DeadlineSweeper> logger) : BatchJob(clock)
{
    public const string Actor = "system:sweeper";

    protected override int BatchSize => options.Value.SweepBatchSize;

    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task<int> RunBatchAsync(CancellationToken cancellationToken) => SweepOnceAsync(cancellationToken);

    protected override void LogBatchFailed(Exception exception) => LogSweepFailed(logger, exception);

    /// <summary>
    /// Claims one batch of due alarms and acts on them, with the alarms they plan that are already due; returns how many alarms
    /// it spent (those that no longer apply included).
    /// </summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        // One trace per sweep that fires anything: a span per firing names its case, and the notifications it writes continue it.
        using var sweep = CaseTracing.Source.StartActivity("deadline sweep");
        var rules = await deadlines.GetAsync(cancellationToken);
        var fired = await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var now = Clock.GetUtcNow();
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
                await CaseReader.LockManyByIdAsync(connection, transaction, database.Dialect, caseIds, ct),
                await CaseClockStore.ReadManyAsync(connection, transaction, database.Dialect, caseIds, ct));
            var order = 0L;
            var due = new PriorityQueue<DueAlarm, (DateTimeOffset DueAt, long Order)>(claimed.Select(a => (a, (a.DueAt, order++))));
            var spent = 0;
            while (due.TryDequeue(out var alarm, out _))
            {
                spent++;
                if (await FireAsync(connection, transaction, writes, batch, alarm, rules, now, ct) is { FiredAt: not null } next)
                {
                    due.Enqueue(next.ToDue(), (next.Alarm.DueAt, order++));
                }
            }

            await writes.ExecuteAsync(connection, transaction, ct);
            return spent;
        }, cancellationToken);
        sweep?.SetTag("dispatch.alarms.spent", fired);
        if (fired == 0)
        {
            CaseTracing.Discard(sweep);
        }
        else
        {
            DispatchMetrics.AlarmsFired.Add(fired);
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

    /// <summary>
    /// Acts on the alarm through the one change of its case (<see cref="CaseChanges.Decide"/>), into <paramref name="writes"/>; returns
    /// the alarm its clock keeps next (null: none, or the alarm no longer applied).
    /// </summary>
    private async Task<PlannedAlarm?> FireAsync(DbConnection connection, DbTransaction transaction, SqlBatch writes, SweepBatch batch, DueAlarm alarm,
        DeadlineRules rules, DateTimeOffset now, CancellationToken ct)
    {
        var clocks = await batch.ClocksAsync(connection, transaction, writes, alarm.CaseId, ct);
        if (alarm.RunningClockIn(clocks) is not { } clock || !batch.Cases.TryGetValue(alarm.CaseId, out var current))
        {
            return null; // the clock was stopped, paused or moved since: this alarm no longer applies
        }

        using var firing = CaseTracing.StartCaseSpan("fire deadline alarm", current.Number);
        firing?.SetTag("dispatch.alarm.clock", alarm.ClockKind);
        var policy = await DeadlineRulesStore.PolicyAtAsync(connection, transaction, rules, clock.PolicyId, clock.PolicyVersion, ct);
        var change = ((ChangeOutcome.Changed)CaseChanges.Decide(current, new CaseRequest.ByAlarm(alarm, policy, Actor), CaseClocks.Read(rules, clocks), now))
            .Change;
        batch.Cases[current.Id] = await CaseChangeWriter.WriteAsync(connection, transaction, writes, keys, change, CaseGuard.RowLocked, ct);
        if (change.Clocks.MovesClocks)
        {
            batch.ClocksChanged(current.Id);
        }

        return change.Clocks.NextAlarm;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline sweeper fired {Count} alarms")]
    private static partial void LogFired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed; trying again at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
