using System.Data.Common;
using System.Runtime.CompilerServices;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Support.SqlServerCheck;

/// <summary>A dialect that answers as <paramref name="inner"/> does and notes which of its SQL members were asked for.</summary>
internal sealed class RecordingDialect(ISqlDialect inner) : ISqlDialect
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Used => _used;

    public DatabaseProvider Provider => inner.Provider;

    public string MigrationFolder => inner.MigrationFolder;

    public string ReserveCaseNumberBlockSql => Note(inner.ReserveCaseNumberBlockSql);

    public string ClaimOutboxBatchSql => Note(inner.ClaimOutboxBatchSql);

    public string ClaimDueAlarmsSql => Note(inner.ClaimDueAlarmsSql);

    public string HighestOutboxIdSql => Note(inner.HighestOutboxIdSql);

    public string DeleteSentOutboxSql => Note(inner.DeleteSentOutboxSql);

    public string DeletePublishedOutboxSql => Note(inner.DeletePublishedOutboxSql);

    public string InsertInboxSql => Note(inner.InsertInboxSql);

    public string InsertIdempotencyKeySql => Note(inner.InsertIdempotencyKeySql);

    public string UpdateLockHint => Note(inner.UpdateLockHint);

    public string ForUpdateClause => Note(inner.ForUpdateClause);

    public string DeleteBatchSql(string table, string key, string condition) => Note(inner.DeleteBatchSql(table, key, condition));

    public string InList(string column, string parameter) => Note(inner.InList(column, parameter));

    public string SetTriggerSql(string table, string trigger, bool enabled) => Note(inner.SetTriggerSql(table, trigger, enabled));

    public string LockTableSql(string table) => Note(inner.LockTableSql(table));

    public string Percentile90(string column) => Note(inner.Percentile90(column));

    public string LocalDate(string instant) => Note(inner.LocalDate(instant));

    public string TimeZoneName(TimeZoneInfo zone) => inner.TimeZoneName(zone);

    public string WithServiceDefaults(string connectionString) => inner.WithServiceDefaults(connectionString);

    public DbConnection CreateConnection(string connectionString) => inner.CreateConnection(connectionString);

    public Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken) =>
        inner.AcquireMigrationLockAsync(connection, cancellationToken);

    public Task ReleaseMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken) =>
        inner.ReleaseMigrationLockAsync(connection, cancellationToken);

    public IEnumerable<string> SplitBatches(string script) => inner.SplitBatches(script);

    public bool IsUniqueViolation(Exception exception) => inner.IsUniqueViolation(exception);

    public bool IsTransient(Exception exception) => inner.IsTransient(exception);

    public bool IsUnavailable(Exception exception) => inner.IsUnavailable(exception);

    private string Note(string sql, [CallerMemberName] string member = "")
    {
        _used.Add(member);
        return sql;
    }
}
