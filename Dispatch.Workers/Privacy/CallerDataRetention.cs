using System.Data.Common;
using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Privacy;

/// <summary>
/// The retention policy for citizens' data: a case closed more than <see cref="RetentionOptions.CallerDataMonths"/> ago loses its
/// caller's name and phone and its return visits' comments (set to null; whether the caller asked for confidentiality stays, as
/// it describes the case, not the person). Each case is anonymised once, as a lifecycle action of its own
/// (<see cref="CaseAction.AnonymiseCaller"/>, closed to closed), with one audit row naming the policy and no caller data, in the
/// same transaction as the change: the audit chain stays whole. Merged cases closed with their master are closed cases like any
/// other. Any number of Workers run it at once: each claims a batch of due cases with a row lock the others skip.
/// </summary>
public sealed partial class CallerDataRetention(
    Database database,
    TimeProvider clock,
    Audit.AuditKeyRing keys,
    IOptions<RetentionOptions> options,
    IOptions<HotlineOptions> hotline,
    ILogger<CallerDataRetention> logger) : BackgroundService
{
    public const string Actor = "system:retention";
    public const string DecidedBy = "retention-policy";

    // The oldest closings first, so a job that fell behind catches up in the order the policy made them due. The two dialects' claims
    // differ only in how they skip rows another job holds; ISqlDialect (Storage/) is another engineer's, so they live here side by side.
    private const string ClaimPostgreSql = """
        select id from cases
        where status = 'closed' and closed_at < @Cutoff and caller_anonymised_at is null
        order by closed_at
        limit @BatchSize
        for update skip locked
        """;

    private const string ClaimSqlServer = """
        select top (@BatchSize) id from cases with (updlock, readpast, rowlock)
        where status = 'closed' and closed_at < @Cutoff and caller_anonymised_at is null
        order by closed_at
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var anonymised = 0;
            try
            {
                anonymised = await AnonymiseOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e, options.Value.Interval);
            }

            // A full batch means more may be due: the next one at once, until the job has caught up.
            if (anonymised < options.Value.BatchSize)
            {
                try
                {
                    await Task.Delay(options.Value.Interval, clock, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims one batch of due cases and anonymises them in one transaction; returns how many it anonymised.</summary>
    public async Task<int> AnonymiseOnceAsync(CancellationToken cancellationToken)
    {
        var months = options.Value.CallerDataMonths;
        var anonymised = await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var cutoff = RetentionCutoff.For(now, months, hotline.Value.TimeZone);
            var claim = database.Dialect.Provider == DatabaseProvider.SqlServer ? ClaimSqlServer : ClaimPostgreSql;
            var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(claim,
                new { Cutoff = cutoff, options.Value.BatchSize }, transaction, cancellationToken: ct))).ToList();
            if (ids.Count == 0)
            {
                return 0;
            }

            // Already locked by the claim; read whole, as SaveAsync writes the case back from what it was.
            var cases = await CaseStore.LockManyByIdAsync(connection, transaction, database.Dialect, ids, ct);
            var writes = new SqlBatch();
            var done = new List<Guid>(cases.Count);
            foreach (var current in cases.Values)
            {
                if (await AnonymiseAsync(connection, transaction, writes, current, months, now, ct))
                {
                    done.Add(current.Id);
                }
            }

            if (done.Count > 0)
            {
                // SaveAsync writes no caller columns: they, the marker that keeps the case from being claimed again and the visits'
                // comments go in the same round trip, one statement each for the whole batch.
                writes.Add($"""
                    update cases set caller_name = null, caller_phone = null, caller_anonymised_at = @Now
                    where {database.Dialect.InList("id", "Ids")}
                    """, new { Now = now, Ids = done.ToArray() });
                writes.Add($"""
                    update case_visits set comment = null
                    where {database.Dialect.InList("case_id", "Ids")} and comment is not null
                    """, new { Ids = done.ToArray() });
            }

            await writes.ExecuteAsync(connection, transaction, ct);
            return done.Count;
        }, cancellationToken);
        if (anonymised > 0)
        {
            LogAnonymised(logger, anonymised, months);
        }

        return anonymised;
    }

    /// <summary>The case's audited change through the lifecycle, added to <paramref name="writes"/>; false when its state no longer allows it.</summary>
    private async Task<bool> AnonymiseAsync(DbConnection connection, DbTransaction transaction, SqlBatch writes, Case current, int months,
        DateTimeOffset now, CancellationToken ct)
    {
        if (CaseLifecycle.Decide(current.Status, CaseAction.AnonymiseCaller) is not CaseDecision.Allowed allowed)
        {
            return false;
        }

        var next = current with
        {
            Status = allowed.Transition.To,
            Version = current.Version + 1,
            Caller = current.Caller with { Name = null, Phone = null },
            UpdatedAt = now,
        };
        // The reason names the policy, never what was removed: the audit trail must not keep what the policy removes.
        await CaseStore.SaveAsync(connection, transaction, keys, current, next,
            new AuditEntry(next.Version, CaseAction.AnonymiseCaller.ToWire(), allowed.Transition.From?.ToWire(), allowed.Transition.To.ToWire(),
                Actor, $"closed more than {months} months ago (Retention:CallerDataMonths): caller name, phone and return-visit comments removed",
                DecidedBy, null, null, now),
            [], now, ct, writes, locked: true);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention anonymised the caller data of {Count} cases closed more than {Months} months ago")]
    private static partial void LogAnonymised(ILogger logger, int count, int months);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention failed; trying again in {Interval}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan interval);
}
