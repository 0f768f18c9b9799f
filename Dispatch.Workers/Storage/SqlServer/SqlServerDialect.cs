using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.SqlClient;

namespace Dispatch.Workers.Storage.SqlServer;

/// <summary>The card's production database. Runs the same storage tests whenever DISPATCH_TEST_SQLSERVER is set.</summary>
public sealed partial class SqlServerDialect : ISqlDialect
{
    private const string MigrationLockResource = "dispatch-migrations";

    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public string MigrationFolder => "SqlServer";

    public string ReserveCaseNumberBlockSql => """
        merge case_number_blocks with (holdlock) as t
        using (select @Day as day) as s on t.day = s.day
        when matched then update set last_sequence = t.last_sequence + @BlockSize
        when not matched then insert (day, last_sequence) values (@Day, @BlockSize)
        output inserted.last_sequence;
        """;

    public string ClaimOutboxBatchSql => """
        select top (@BatchSize) id as Id, message_id as MessageId, message_type as MessageType, payload as Payload,
               trace_parent as TraceParent, trace_state as TraceState
        from outbox with (updlock, readpast, rowlock)
        where id <= @UpTo and last_error is null
        order by id
        """;

    // readpast: a row still being inserted is skipped rather than waited for (a later poll sees it).
    public string HighestOutboxIdSql => "select max(id) from outbox with (readpast)";

    public string DeleteSentOutboxSql => "delete from outbox where id in @Ids";

    public string DeletePublishedOutboxSql => "delete from outbox where message_id in @MessageIds";

    // updlock + holdlock take a key-range lock, so a concurrent claim of the same key waits instead of failing.
    public string InsertInboxSql => """
        insert into inbox (message_id, consumer, processed_at)
        output 1 as recorded
        select @MessageId, @Consumer, @ProcessedAt
        where not exists (select 1 from inbox with (updlock, holdlock) where message_id = @MessageId and consumer = @Consumer)
        """;

    public string InsertIdempotencyKeySql => """
        insert into idempotency_keys (operation, actor, idempotency_key, request_hash, case_id, created_at)
        select @Operation, @Actor, @Key, @RequestHash, @CaseId, @CreatedAt
        where not exists (select 1 from idempotency_keys with (updlock, holdlock)
                          where operation = @Operation and actor = @Actor and idempotency_key = @Key)
        """;

    public string DeleteBatchSql(string table, string key, string condition) =>
        $"delete top (@BatchSize) from {table} with (readpast, rowlock) where {condition}";

    public string InList(string column, string parameter) => $"{column} in @{parameter}";

    // PERCENTILE_DISC is only a window function in SQL Server; SQL Server 2022's APPROX_PERCENTILE_DISC is an
    // aggregate, exact to within about 1.33 % of rank: good enough for an average-and-p90 working-time figure.
    public string SetTriggerSql(string table, string trigger, bool enabled) =>
        $"{(enabled ? "enable" : "disable")} trigger {trigger} on {table}";

    public string LockTableSql(string table) => $"select top (0) 1 from {table} with (tablockx, holdlock)";

    public string Percentile90(string column) => $"approx_percentile_disc(0.9) within group (order by {column})";

    // Style 23 is yyyy-mm-dd.
    public string LocalDate(string instant) => $"convert(char(10), {instant} at time zone @TimeZone, 23)";

    public string TimeZoneName(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return !zone.HasIanaId || !TimeZoneInfo.TryConvertIanaIdToWindowsId(zone.Id, out var windows) ? zone.Id : windows;
    }

    public string ClaimDueAlarmsSql => """
        select top (@BatchSize) a.id as Id, a.case_id as CaseId, a.clock_kind as ClockKind, a.generation as Generation, a.kind as Kind,
               a.threshold as Threshold, a.due_at as DueAt,
               cast(case when exists (select 1 from case_alarms b where b.case_id = a.case_id and b.clock_kind = a.clock_kind and b.generation = a.generation
                                                                   and b.threshold > a.threshold) then 1 else 0 end as bit) as HasNext
        from case_alarms a with (updlock, readpast, rowlock)
        where a.fired_at is null and a.due_at <= @Now
        order by a.due_at
        """;

    // SqlClient caches plans on the server by statement text and resets sessions cheaply (sp_reset_connection) already.
    public string WithServiceDefaults(string connectionString) => connectionString;

    public string UpdateLockHint => " with (updlock, rowlock)";

    public string ForUpdateClause => "";

    public DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public async Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var result = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            declare @result int;
            exec @result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 300000;
            select @result;
            """,
            new { Resource = MigrationLockResource }, cancellationToken: cancellationToken, commandTimeout: 310));
        if (result < 0)
        {
            throw new InvalidOperationException($"Could not take the migration lock (sp_getapplock returned {result}).");
        }
    }

    public Task ReleaseMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "exec sp_releaseapplock @Resource = @Resource, @LockOwner = 'Session'",
            new { Resource = MigrationLockResource }, cancellationToken: cancellationToken));

    public IEnumerable<string> SplitBatches(string script) =>
        GoSeparator().Split(script).Where(batch => !string.IsNullOrWhiteSpace(batch));

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqlException { Number: 2627 or 2601 };

    // 1205 deadlock victim; 3960 snapshot update conflict; connection-level faults below. -2 (timeout) is not here.
    public bool IsTransient(Exception exception) =>
        exception is SqlException { Number: 1205 or 3960 } || IsUnavailable(exception);

    public bool IsUnavailable(Exception exception) =>
        exception is SqlException { Number: 233 or 64 or 4060 or 10053 or 10054 or 10060 or 10061 or 10928 or 10929
            or 40197 or 40501 or 40613 or 49918 or 49919 or 49920 or 11001 or 53 or 26 or 40 or 121 };

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();
}
