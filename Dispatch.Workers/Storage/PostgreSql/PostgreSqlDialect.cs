using System.Data.Common;
using System.Net.Sockets;
using Dapper;
using Npgsql;

namespace Dispatch.Workers.Storage.PostgreSql;

public sealed class PostgreSqlDialect : ISqlDialect
{
    // Any fixed 64-bit number, the same in every process: pg_advisory_lock's key for migrations.
    private const long MigrationLockKey = 0x44_69_73_70_61_74_63_68; // "Dispatch"

    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public string MigrationFolder => "PostgreSql";

    public string ReserveCaseNumberBlockSql => """
        insert into case_number_blocks (day, last_sequence) values (@Day, @BlockSize)
        on conflict (day) do update set last_sequence = case_number_blocks.last_sequence + excluded.last_sequence
        returning last_sequence
        """;

    // The relay's commit only deletes rows the broker confirmed: if a crash loses it, the rows are published again, which the
    // consumers' inbox makes harmless. So it need not wait for its WAL flush (transaction-scoped: the pooled session keeps no state).
    public string ClaimOutboxBatchSql => """
        set local synchronous_commit = off;
        select id as Id, message_id as MessageId, message_type as MessageType, payload as Payload, trace_parent as TraceParent,
               trace_state as TraceState
        from outbox
        where id <= @UpTo and last_error is null
        order by id
        limit @BatchSize
        for update skip locked
        """;

    public string HighestOutboxIdSql => "select max(id) from outbox";

    // Npgsql takes a list as one array parameter, so it is "= any(@Ids)", not Dapper's "in @Ids" expansion.
    public string DeleteSentOutboxSql => "delete from outbox where id = any(@Ids)";

    // Like the relay's: a lost delete only means the messages are published again.
    public string DeletePublishedOutboxSql => """
        set local synchronous_commit = off;
        delete from outbox where message_id = any(@MessageIds)
        """;

    public string InsertInboxSql => """
        insert into inbox (message_id, consumer, processed_at) values (@MessageId, @Consumer, @ProcessedAt)
        on conflict do nothing
        returning 1 as recorded
        """;

    public string InsertIdempotencyKeySql => """
        insert into idempotency_keys (operation, actor, idempotency_key, request_hash, case_id, created_at)
        values (@Operation, @Actor, @Key, @RequestHash, @CaseId, @CreatedAt)
        on conflict do nothing
        """;

    public string DeleteBatchSql(string table, string key, string condition) =>
        $"delete from {table} where ({key}) in (select {key} from {table} where {condition} limit @BatchSize for update skip locked)";

    public string InList(string column, string parameter) => $"{column} = any(@{parameter})";

    public string SetTriggerSql(string table, string trigger, bool enabled) =>
        $"alter table {table} {(enabled ? "enable" : "disable")} trigger {trigger}";

    public string LockTableSql(string table) => $"lock table {table} in exclusive mode";

    public string Percentile90(string column) => $"percentile_disc(0.9) within group (order by {column})";

    public string LocalDate(string instant) => $"to_char({instant} at time zone @TimeZone, 'YYYY-MM-DD')";

    public string TimeZoneName(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.HasIanaId || !TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? zone.Id : iana;
    }

    public string ClaimDueAlarmsSql => """
        select a.id as Id, a.case_id as CaseId, a.clock_kind as ClockKind, a.generation as Generation, a.kind as Kind, a.threshold as Threshold,
               a.due_at as DueAt,
               exists (select 1 from case_alarms b where b.case_id = a.case_id and b.clock_kind = a.clock_kind and b.generation = a.generation
                                                    and b.threshold > a.threshold) as HasNext
        from case_alarms a
        where a.fired_at is null and a.due_at <= @Now
        order by a.due_at
        limit @BatchSize
        for update of a skip locked
        """;

    /// <summary>
    /// Every statement we send is one of a few dozen fixed texts, so Npgsql prepares those it sees often (the server then
    /// skips parsing and planning). And no code sets session state (SET, LISTEN, temporary tables; the migration's advisory
    /// lock is released in a finally), so a pooled connection needs no DISCARD ALL each time it is taken.
    /// An explicit setting in the connection string wins.
    /// </summary>
    public string WithServiceDefaults(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword exists at all; what the operator wrote is in the plain parse.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Set(string keyword) => written.ContainsKey(keyword) || written.ContainsKey(keyword.Replace(" ", "", StringComparison.Ordinal));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Set("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!Set("Auto Prepare Min Usages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Set("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    public string UpdateLockHint => "";

    public string ForUpdateClause => " for update";

    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@Key)", new { Key = MigrationLockKey },
            cancellationToken: cancellationToken, commandTimeout: 300));

    public Task ReleaseMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@Key)", new { Key = MigrationLockKey },
            cancellationToken: cancellationToken));

    public IEnumerable<string> SplitBatches(string script) => [script];

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public bool IsTransient(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        PostgresException p => IsConnectionLoss(p.SqlState),
        NpgsqlException { InnerException: TimeoutException } => false,
        NpgsqlException n => n.IsTransient,
        _ => false,
    };

    public bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException p => IsConnectionLoss(p.SqlState),
        NpgsqlException { InnerException: SocketException or IOException or EndOfStreamException } => true,
        NpgsqlException n => n.IsTransient && n.InnerException is not TimeoutException,
        _ => false,
    };

    // Class 08 (connection exception), 57P01..57P03 (shutdown, crash, cannot connect now), 53300 (too many connections).
    private static bool IsConnectionLoss(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
}
