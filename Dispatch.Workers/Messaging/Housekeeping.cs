using System.ComponentModel.DataAnnotations;
using Dapper;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Messaging;

/// <summary>
/// Keeps the bookkeeping tables from growing without end: inbox records, idempotency keys, the knowledge searches' log and ended
/// sessions, each once it is older than its window. A case leaves an inbox record and a call several searches, so without this a
/// busy line adds millions of rows a month that nothing reads. The outbox is not
/// its business: the relays delete the rows they publish, and a row no message could be built from stays until someone decides.
/// Cases and their audit trail are never touched.
/// Several processes may run it at once: each deletes in small batches and skips rows another holds.
/// </summary>
public sealed partial class Housekeeping(Database database, TimeProvider clock, IOptions<HousekeepingOptions> options, ILogger<Housekeeping> logger)
    : BackgroundService
{
    /// <summary>What one pass deleted from each table.</summary>
    public sealed record Purged(long InboxRecords, long IdempotencyKeys, long KnowledgeSearches, long Sessions)
    {
        public long Total => InboxRecords + IdempotencyKeys + KnowledgeSearches + Sessions;
    }

    /// <summary>Deletes everything past its window, in batches of <see cref="HousekeepingOptions.BatchSize"/>, each its own transaction.</summary>
    public async Task<Purged> PurgeAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        return new Purged(
            await PurgeAsync("inbox", "message_id, consumer", "processed_at < @Before", now - o.KeepInboxFor, cancellationToken),
            await PurgeAsync("idempotency_keys", "operation, idempotency_key", "created_at < @Before", now - o.KeepIdempotencyKeysFor, cancellationToken),
            await PurgeAsync("knowledge_searches", "id", "searched_at < @Before", now - o.KeepKnowledgeSearchesFor, cancellationToken),
            // A sign-in deletes its user's expired sessions; these are the sessions of users who never signed in again.
            await PurgeAsync("user_sessions", "session_hash", "expires_at < @Before", now - o.KeepSessionsFor, cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                var purged = await PurgeAsync(stoppingToken);
                if (purged.Total > 0)
                {
                    LogPurged(logger, purged.InboxRecords, purged.IdempotencyKeys, purged.KnowledgeSearches, purged.Sessions);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e, options.Value.Interval);
            }
        }
        while (await Next(timer, stoppingToken));
    }

    private static async Task<bool> Next(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<long> PurgeAsync(string table, string key, string condition, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var sql = database.Dialect.DeleteBatchSql(table, key, condition);
        var batchSize = options.Value.BatchSize;
        long total = 0;
        int deleted;
        do
        {
            deleted = await database.InTransactionAsync((connection, transaction, ct) =>
                connection.ExecuteAsync(new CommandDefinition(sql, new { Before = before, BatchSize = batchSize }, transaction, cancellationToken: ct)),
                cancellationToken);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Housekeeping deleted {Inbox} inbox records, {Keys} idempotency keys, {Searches} knowledge searches and {Sessions} sessions")]
    private static partial void LogPurged(ILogger logger, long inbox, long keys, long searches, long sessions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Housekeeping failed; trying again in {Interval}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan interval);
}

/// <summary>Section "Housekeeping": how long the bookkeeping tables keep their rows.</summary>
public sealed class HousekeepingOptions : IValidatableObject
{
    public const string Section = "Housekeeping";

    /// <summary>Run housekeeping in this process (the Workers do by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a pass runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a consumer remembers a message it applied. A redelivery older than this is applied again unless the case's state
    /// refuses it (routing does: a dispatched case is not dispatched twice). Keep it longer than a message can wait in a queue.
    /// </summary>
    public TimeSpan KeepInboxFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long an Idempotency-Key is remembered: a retry after that is a new request.</summary>
    public TimeSpan KeepIdempotencyKeysFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a knowledge search is logged: the knowledge-use report's "searches that found nothing" reads it, and a year's
    /// report with the month before it needs thirteen months.
    /// </summary>
    public TimeSpan KeepKnowledgeSearchesFor { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How long an expired session stays before it is deleted (nothing reads it once expired).</summary>
    public TimeSpan KeepSessionsFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Rows per delete: each batch is a short transaction of its own.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Interval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Housekeeping:Interval must be positive.", [nameof(Interval)]);
        }

        foreach (var (name, window) in new[]
                 {
                     (nameof(KeepInboxFor), KeepInboxFor), (nameof(KeepIdempotencyKeysFor), KeepIdempotencyKeysFor),
                     (nameof(KeepKnowledgeSearchesFor), KeepKnowledgeSearchesFor), (nameof(KeepSessionsFor), KeepSessionsFor),
                 })
        {
            if (window < TimeSpan.FromHours(1))
            {
                yield return new ValidationResult($"Housekeeping:{name} must be at least an hour.", [name]);
            }
        }
    }
}
