using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Administration;

/// <summary>What an administrative change came to: done, refused with the reasons per field, a stale version, or nothing to change.</summary>
public abstract record AdminOutcome<T>
{
    private AdminOutcome()
    {
    }

    public sealed record Done(T Value) : AdminOutcome<T>;

    public sealed record NotFound(string What) : AdminOutcome<T>;

    /// <summary>Someone changed it since the version the administrator edited: reload and decide again.</summary>
    public sealed record Conflict(string Reason) : AdminOutcome<T>;

    /// <summary>Refused: each field (JSON path) with why.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : AdminOutcome<T>;
}

/// <summary>One row of the administrative record.</summary>
public sealed class AdminChange
{
    public long Id { get; init; }
    /// <summary>The row's place in the sealed record (1, 2, ...); null only for a row written around the application.</summary>
    public long? Seq { get; init; }
    public string Entity { get; init; } = "";
    public string EntityKey { get; init; } = "";
    public int? Version { get; init; }
    public string Operation { get; init; } = "";
    public string Change { get; init; } = "";
    public string ChangedBy { get; init; } = "";
    public DateTimeOffset ChangedAt { get; init; }
    /// <summary>The key the row was sealed with, and its seal (<see cref="SealedChain"/>).</summary>
    public string? KeyId { get; init; }
    public string? Hash { get; init; }
}

/// <summary>
/// The record of every administrative change — who changed what, when, from what to what — written in the transaction of the
/// change itself, like a case's audit row, and sealed the same way: one chain (<see cref="SealedChain"/>) whose head and length
/// live in <c>audit_heads</c>. Appending locks that row, so administrators' changes join the chain one at a time.
/// </summary>
public sealed class AdminChanges(Database database, AuditKeyRing keys)
{
    public const string RoutingRule = "routing-rule";
    public const string SlaPolicy = "sla-policy";
    public const string Calendar = "calendar";
    public const string Department = "department";
    public const string Area = "area";
    public const string Category = "category";
    public const string User = "user";
    public const string Token = "token";

    /// <summary>The audit chains themselves: sealing the rows written before the keys existed.</summary>
    public const string AuditRecord = "audit-record";

    /// <summary>The chain's name in <c>audit_heads</c> and in every seal.</summary>
    public const string Chain = "admin";

    public static IReadOnlyList<string> Entities { get; } = [RoutingRule, SlaPolicy, Calendar, Department, Area, Category, User, Token, AuditRecord];

    public Task RecordAsync(DbConnection connection, DbTransaction transaction, string entity, string key, int? version,
        string operation, object? before, object? after, string actor, DateTimeOffset now, CancellationToken ct) =>
        AppendAsync(connection, transaction, database.Dialect, keys, entity, key, version, operation,
            JsonSerializer.Serialize(new { before, after }, JsonSerializerOptions.Web), actor, now, ct);

    /// <summary>Appends one row to the sealed record inside the caller's transaction; the head row must exist (the migrations write it).</summary>
    internal static async Task AppendAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, AuditKeyRing keys,
        string entity, string key, int? version, string operation, string change, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var head = await connection.QuerySingleOrDefaultAsync<(long Seq, string Head)?>(new CommandDefinition(
            $"select seq, head from audit_heads{dialect.UpdateLockHint} where chain = @Chain{dialect.ForUpdateClause}",
            new { Chain }, transaction, cancellationToken: ct))
            ?? throw new InvalidOperationException(
                "The administrative record has no head: run the migrations (dotnet Dispatch.Workers.dll migrate), which seal it.");
        var row = new AdminChange
        {
            Seq = head.Seq + 1, Entity = entity, EntityKey = key, Version = version, Operation = operation, Change = change, ChangedBy = actor,
            ChangedAt = Cases.AuditChain.Truncate(now),
        };
        var seal = SealedChain.Seal(keys, Chain, head.Head, Content(row));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into admin_changes (seq, entity, entity_key, version, operation, change, changed_by, changed_at, key_id, hash)
            values (@Seq, @Entity, @EntityKey, @Version, @Operation, @Change, @ChangedBy, @ChangedAt, @KeyId, @Hash);
            update audit_heads set seq = @Seq, head = @Head where chain = @Chain
            """,
            new
            {
                row.Seq, row.Entity, row.EntityKey, row.Version, row.Operation, row.Change, row.ChangedBy, row.ChangedAt, seal.KeyId, seal.Hash,
                seal.Head, Chain,
            }, transaction, cancellationToken: ct));
    }

    /// <summary>What a row's seal covers: every column but its id (an identity, which may have gaps) and the seal itself.</summary>
    internal static string Content(AdminChange row) => SealedChain.Join(
        row.Seq?.ToString(CultureInfo.InvariantCulture), row.Entity, row.EntityKey, row.Version?.ToString(CultureInfo.InvariantCulture), row.Operation,
        row.Change, row.ChangedBy, (Cases.AuditChain.Truncate(row.ChangedAt).UtcTicks / 10).ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Checks the whole record: rows 1 to the head's length, none missing and none without a place, each matching its seal, the last
    /// giving the head that <c>audit_heads</c> keeps. An empty or unsealed record is broken: sealing writes its first row.
    /// </summary>
    public Task<AuditVerdict> VerifyAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
                select seq, head from audit_heads where chain = @Chain;
                select count(*) from admin_changes where seq is null;
                select seq as {nameof(AdminChange.Seq)}, entity as {nameof(AdminChange.Entity)}, entity_key as {nameof(AdminChange.EntityKey)},
                       version as {nameof(AdminChange.Version)}, operation as {nameof(AdminChange.Operation)}, change as {nameof(AdminChange.Change)},
                       changed_by as {nameof(AdminChange.ChangedBy)}, changed_at as {nameof(AdminChange.ChangedAt)},
                       key_id as {nameof(AdminChange.KeyId)}, hash as {nameof(AdminChange.Hash)}
                from admin_changes where seq is not null order by seq
                """, new { Chain }, cancellationToken: ct));
            var head = await results.ReadSingleOrDefaultAsync<(long Seq, string Head)?>();
            var unplaced = await results.ReadSingleAsync<long>();
            var rows = (await results.ReadAsync<AdminChange>()).ToList();
            return unplaced > 0
                ? AuditVerdict.Broken(rows.Count + 1, $"{unplaced} row(s) have no place in the record: they were written around the application.")
                : Verify(keys, head, rows);
        }, cancellationToken);

    /// <summary>The check of <see cref="VerifyAsync"/> on rows already read (in seq order) and the stored head, if any.</summary>
    public static AuditVerdict Verify(AuditKeyRing keys, (long Seq, string Head)? head, IReadOnlyList<AdminChange> rows)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(rows);
        if (head is not { } stored)
        {
            return AuditVerdict.Broken(1, "The record has no head: it was never sealed (run the migrations), or the head was removed.");
        }

        if (rows.Count == 0)
        {
            return AuditVerdict.Broken(1, "The record has no rows: sealing writes its first one.");
        }

        string? previous = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var expected = i + 1L;
            if (row.Seq != expected)
            {
                return AuditVerdict.Broken(expected, $"Row {expected} is missing (the next row is {row.Seq}).");
            }

            if (expected > stored.Seq)
            {
                return AuditVerdict.Broken(expected, $"Row {expected} lies beyond the record's length {stored.Seq}: a row was added.");
            }

            if (row.KeyId is null || row.Hash is null)
            {
                return AuditVerdict.Broken(expected, $"Row {expected} carries no seal.");
            }

            if (!keys.TryGet(row.KeyId, out _))
            {
                return AuditVerdict.Broken(expected, $"Row {expected} was sealed with key '{row.KeyId}', which this host does not hold.");
            }

            previous = SealedChain.Check(keys, Chain, previous, Content(row), row.KeyId, row.Hash);
            if (previous is null)
            {
                return AuditVerdict.Broken(expected, $"Row {expected} does not match its seal: it was changed, moved, or sealed without the key.");
            }
        }

        if (rows.Count < stored.Seq)
        {
            return AuditVerdict.Broken(rows.Count + 1, $"Rows {rows.Count + 1} to {stored.Seq} are missing: the record's length is {stored.Seq}.");
        }

        return previous == stored.Head
            ? AuditVerdict.Holds
            : AuditVerdict.Broken(rows.Count, "The stored head does not follow from the last row: rows were cut off the end, or the head was rewritten.");
    }

    public Task<IReadOnlyList<AdminChange>> ListAsync(string? entity, string? key, int page, int pageSize, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<AdminChange>>(async (connection, ct) => [.. await connection.QueryAsync<AdminChange>(new CommandDefinition($"""
            select id as {nameof(AdminChange.Id)}, seq as {nameof(AdminChange.Seq)}, entity as {nameof(AdminChange.Entity)},
                   entity_key as {nameof(AdminChange.EntityKey)}, version as {nameof(AdminChange.Version)}, operation as {nameof(AdminChange.Operation)},
                   change as {nameof(AdminChange.Change)}, changed_by as {nameof(AdminChange.ChangedBy)}, changed_at as {nameof(AdminChange.ChangedAt)},
                   key_id as {nameof(AdminChange.KeyId)}, hash as {nameof(AdminChange.Hash)}
            from admin_changes
            where (@Entity is null or entity = @Entity) and (@Key is null or entity_key = @Key)
            order by id desc offset @Skip rows fetch next @Take rows only
            """, new { Entity = entity, Key = key, Skip = (page - 1) * pageSize, Take = pageSize }, cancellationToken: ct))], cancellationToken);
}
