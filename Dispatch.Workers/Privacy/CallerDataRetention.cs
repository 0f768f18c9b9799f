using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Hosting;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Privacy;

/// <summary>
/// The retention policy for citizens' data: a case closed more than <see cref="RetentionOptions.CallerDataMonths"/> ago loses its
/// caller's name and phone and its return visits' comments (set to null; whether the caller asked for confidentiality stays, as
/// it describes the case, not the person). Each case is anonymised once, as a lifecycle action of its own
/// (<see cref="CaseAction.AnonymiseCaller"/>, closed to closed), with one audit row naming the policy and no caller data, in the
/// same transaction as the change: the audit chain stays whole. Merged cases closed with their master are closed cases like any
/// other. Any number of Workers run it at once (a <see cref="BatchJob"/>): each claims a batch of due cases with a row lock the others skip.
/// </summary>
public sealed partial class CallerDataRetention(
    Database database,
    TimeProvider clock,
    Audit.AuditKeyRing keys,
    IOptions<RetentionOptions> options,
    IOptions<HotlineOptions> hotline,
    ILogger<CallerDataRetention> logger) : BatchJob(clock)
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

    protected override int BatchSize => options.Value.BatchSize;

    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task<int> RunBatchAsync(CancellationToken cancellationToken) => AnonymiseOnceAsync(cancellationToken);

    protected override void LogBatchFailed(Exception exception) => LogFailed(logger, exception, options.Value.Interval);

    /// <summary>Claims one batch of due cases and anonymises them in one transaction; returns how many it anonymised.</summary>
    public async Task<int> AnonymiseOnceAsync(CancellationToken cancellationToken)
    {
        var months = options.Value.CallerDataMonths;
        var anonymised = await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var now = Clock.GetUtcNow();
            var cutoff = RetentionCutoff.For(now, months, hotline.Value.TimeZone);
            var claim = database.Dialect.Provider == DatabaseProvider.SqlServer ? ClaimSqlServer : ClaimPostgreSql;
            var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(claim,
                new { Cutoff = cutoff, options.Value.BatchSize }, transaction, cancellationToken: ct))).ToList();
            if (ids.Count == 0)
            {
                return 0;
            }

            // Already locked by the claim (so each case's update travels in the batch); read whole, as a change is made from the case as it is.
            var cases = await CaseReader.LockManyByIdAsync(connection, transaction, database.Dialect, ids, ct);
            var writes = new SqlBatch();
            var done = 0;
            var request = new CaseRequest.ByRetention(months, Actor, DecidedBy);
            foreach (var current in cases.Values)
            {
                // A change of the retention policy's leaves the clocks alone: none are read.
                if (CaseChanges.Decide(current, request, CaseClocks.Untouched, now) is ChangeOutcome.Changed { Change: var change })
                {
                    await CaseChangeWriter.WriteAsync(connection, transaction, writes, keys, change, CaseGuard.RowLocked, ct);
                    done++;
                }
            }

            await writes.ExecuteAsync(connection, transaction, ct);
            return done;
        }, cancellationToken);
        if (anonymised > 0)
        {
            LogAnonymised(logger, anonymised, months);
        }

        return anonymised;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention anonymised the caller data of {Count} cases closed more than {Months} months ago")]
    private static partial void LogAnonymised(ILogger logger, int count, int months);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention failed; trying again in {Interval}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan interval);
}
