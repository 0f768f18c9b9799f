using System.Data.Common;

namespace Dispatch.Workers.Storage;

/// <summary>
/// What differs between the SQL dialects. Everything else is plain SQL shared by both, next to the code
/// that runs it. Implementations live side by side in PostgreSql/ and SqlServer/.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>Folder of this dialect's migration scripts among the embedded resources.</summary>
    string MigrationFolder { get; }

    /// <summary>Reserves @BlockSize sequence numbers for local day @Day and returns the last of them.</summary>
    string ReserveCaseNumberBlockSql { get; }

    /// <summary>
    /// Locks up to @BatchSize outbox rows (every row left is unsent: a published one is deleted) with ids up to @UpTo that no other
    /// relay holds and none has set aside (last_error), oldest first. On PostgreSQL it also lets the relay's transaction commit
    /// without waiting for its WAL flush: a lost delete only means the rows are published again.
    /// </summary>
    string ClaimOutboxBatchSql { get; }

    /// <summary>
    /// Locks up to @BatchSize alarms due by @Now that no other sweeper holds, earliest first, each with whether its clock (of that
    /// generation) already has a row for a later alarm, pending or fired (HasNext).
    /// </summary>
    string ClaimDueAlarmsSql { get; }

    /// <summary>The highest outbox row id now (null when the table is empty), not waiting for rows still being written.</summary>
    string HighestOutboxIdSql { get; }

    /// <summary>Deletes the outbox rows @Ids (a long[]), which the broker has confirmed.</summary>
    string DeleteSentOutboxSql { get; }

    /// <summary>Deletes the outbox rows of the messages @MessageIds (a Guid[]), which the broker has confirmed.</summary>
    string DeletePublishedOutboxSql { get; }

    /// <summary>
    /// Records (@MessageId, @Consumer, @ProcessedAt) unless present; returns one row when it recorded it, none for a message already
    /// applied (a result set rather than a row count, so it can lead a multi-statement read).
    /// </summary>
    string InsertInboxSql { get; }

    /// <summary>Claims (@Operation, @Actor, @Key) for @CaseId unless claimed (a key belongs to the user who sent it); waits for a claim in flight, then affects 0 rows.</summary>
    string InsertIdempotencyKeySql { get; }

    /// <summary>
    /// Deletes up to @BatchSize rows of <paramref name="table"/> matching <paramref name="condition"/>, skipping rows another
    /// transaction holds (<paramref name="key"/>: the table's key columns, comma-separated). Housekeeping's batch.
    /// </summary>
    string DeleteBatchSql(string table, string key, string condition);

    /// <summary>"<paramref name="column"/> is one of the list parameter @<paramref name="parameter"/>", in this dialect.</summary>
    string InList(string column, string parameter);

    /// <summary>
    /// Turns an append-only table's trigger off (or back on) inside the running transaction: only the migrations, as the tables'
    /// owner, do this, to seal rows written before the keys existed.
    /// </summary>
    string SetTriggerSql(string table, string trigger, bool enabled);

    /// <summary>Locks <paramref name="table"/> against writers until the transaction ends: administrators' edits of a rule set are validated whole, one at a time.</summary>
    string LockTableSql(string table);

    /// <summary>The 90th percentile of <paramref name="column"/> over a group (nulls ignored), as an aggregate.</summary>
    string Percentile90(string column);

    /// <summary>
    /// The local date, as yyyy-MM-dd text, of the instant <paramref name="instant"/> in the time zone given by the parameter
    /// @TimeZone, named as <see cref="TimeZoneName"/> names it (the KPI report's daily series).
    /// </summary>
    string LocalDate(string instant);

    /// <summary>How this database names <paramref name="zone"/>: IANA for PostgreSQL, Windows for SQL Server's AT TIME ZONE.</summary>
    string TimeZoneName(TimeZoneInfo zone);

    /// <summary>
    /// <paramref name="connectionString"/> with this dialect's defaults for a busy service added where the operator set nothing
    /// (for PostgreSQL: prepared statements and no per-checkout session reset).
    /// </summary>
    string WithServiceDefaults(string connectionString);

    /// <summary>Written after a table's name, makes a select lock the rows it reads until the transaction ends (SQL Server); else "".</summary>
    string UpdateLockHint { get; }

    /// <summary>Written at the end of a select, locks the rows it reads until the transaction ends (PostgreSQL); else "".</summary>
    string ForUpdateClause { get; }

    DbConnection CreateConnection(string connectionString);

    /// <summary>Takes the database-wide migration lock for the session of <paramref name="connection"/>.</summary>
    Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken);

    Task ReleaseMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Splits a migration script into the batches the server runs one by one.</summary>
    IEnumerable<string> SplitBatches(string script);

    bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// True for faults after which the transaction certainly rolled back and running it again is safe:
    /// deadlocks, serialization failures, a connection lost or refused. A command timeout is not one of
    /// them: the statement may have committed.
    /// </summary>
    bool IsTransient(Exception exception);

    /// <summary>True when the database cannot be reached at all (the API answers 503).</summary>
    bool IsUnavailable(Exception exception);
}

public enum DatabaseProvider
{
    PostgreSql,
    SqlServer,
}
