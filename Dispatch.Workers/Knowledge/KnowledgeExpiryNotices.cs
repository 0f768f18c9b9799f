using Dapper;
using Dispatch.Contracts;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Tells an entry's owners that it is about to expire: for each published entry whose last valid day is within
/// <see cref="KnowledgeOptions.ExpiryNoticeDays"/> of today (the center's date, from <see cref="TimeProvider"/>), one
/// <see cref="KnowledgeEntryExpiring"/> through the outbox, in the same transaction that records the day it was announced for
/// (<c>expiry_announced_for</c>). So each entry and end of validity is announced once, and an end moved by an edit is announced
/// afresh. Any number of Workers run it at once: each claims a batch with a row lock the others skip. The announcement is not a
/// version of the entry (it changes nothing of it), so it never makes an editor's edit stale.
/// </summary>
public sealed partial class KnowledgeExpiryNotices(
    Database database,
    TimeProvider clock,
    IOptions<KnowledgeOptions> options,
    IOptions<HotlineOptions> hotline,
    ILogger<KnowledgeExpiryNotices> logger) : BackgroundService
{
    private const string ClaimPostgreSql = """
        select id as Id, title as Title, department_code as DepartmentCode, valid_until as ValidUntil from knowledge_entries
        where status = 'published' and valid_until >= @Today and valid_until <= @Horizon
          and (expiry_announced_for is null or expiry_announced_for <> valid_until)
        order by valid_until, id
        limit @BatchSize
        for update skip locked
        """;

    private const string ClaimSqlServer = """
        select top (@BatchSize) id as Id, title as Title, department_code as DepartmentCode, valid_until as ValidUntil
        from knowledge_entries with (updlock, readpast, rowlock)
        where status = 'published' and valid_until >= @Today and valid_until <= @Horizon
          and (expiry_announced_for is null or expiry_announced_for <> valid_until)
        order by valid_until, id
        """;

    private const string MarkAnnouncedSql =
        "update knowledge_entries set expiry_announced_for = @ValidUntil where id = @Id and valid_until = @ValidUntil";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var announced = 0;
            try
            {
                announced = await AnnounceOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e, options.Value.ExpiryNoticeInterval);
            }

            // A full batch means more may be due: the next one at once.
            if (announced < options.Value.ExpiryNoticeBatchSize)
            {
                try
                {
                    await Task.Delay(options.Value.ExpiryNoticeInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims one batch of entries to announce and announces them in one transaction; returns how many.</summary>
    public async Task<int> AnnounceOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var announced = await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var today = LocalToday.Of(clock, hotline.Value);
            var claim = database.Dialect.Provider == DatabaseProvider.SqlServer ? ClaimSqlServer : ClaimPostgreSql;
            var due = (await connection.QueryAsync<DueRow>(new CommandDefinition(claim, new
            {
                Today = KnowledgeEntryRow.Parameter(today), Horizon = KnowledgeEntryRow.Parameter(today.AddDays(o.ExpiryNoticeDays)),
                BatchSize = o.ExpiryNoticeBatchSize,
            }, transaction, cancellationToken: ct))).ToList();
            if (due.Count == 0)
            {
                return 0;
            }

            var writes = new SqlBatch();
            foreach (var entry in due)
            {
                var until = KnowledgeEntryRow.Date(entry.ValidUntil)!.Value;
                writes.Add(MarkAnnouncedSql, new { entry.Id, ValidUntil = KnowledgeEntryRow.Parameter(until) });
                OutboxWriter.Add(writes, null,
                    new KnowledgeEntryExpiring(entry.Id, entry.Title, entry.DepartmentCode, until, until.DayNumber - today.DayNumber, now), now);
            }

            await writes.ExecuteAsync(connection, transaction, ct);
            return due.Count;
        }, cancellationToken);
        if (announced > 0)
        {
            LogAnnounced(logger, announced, o.ExpiryNoticeDays);
        }

        return announced;
    }

    private sealed class DueRow
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string DepartmentCode { get; init; } = "";
        public object? ValidUntil { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Announced {Count} knowledge entries expiring within {Days} days")]
    private static partial void LogAnnounced(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Knowledge expiry notices failed; trying again in {Interval}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan interval);
}
