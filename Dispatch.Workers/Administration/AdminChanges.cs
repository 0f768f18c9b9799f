using System.Data.Common;
using System.Text.Json;
using Dapper;
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
    public string Entity { get; init; } = "";
    public string EntityKey { get; init; } = "";
    public int? Version { get; init; }
    public string Operation { get; init; } = "";
    public string Change { get; init; } = "";
    public string ChangedBy { get; init; } = "";
    public DateTimeOffset ChangedAt { get; init; }
}

/// <summary>
/// The record of every administrative change — who changed what, when, from what to what — written in the
/// transaction of the change itself, like a case's audit row.
/// </summary>
public static class AdminChanges
{
    public const string RoutingRule = "routing-rule";
    public const string SlaPolicy = "sla-policy";
    public const string Calendar = "calendar";
    public const string Department = "department";
    public const string Area = "area";
    public const string Category = "category";
    public const string User = "user";
    public const string Token = "token";

    public static IReadOnlyList<string> Entities { get; } = [RoutingRule, SlaPolicy, Calendar, Department, Area, Category, User, Token];

    public static Task RecordAsync(DbConnection connection, DbTransaction transaction, string entity, string key, int? version,
        string operation, object? before, object? after, string actor, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            insert into admin_changes (entity, entity_key, version, operation, change, changed_by, changed_at)
            values (@Entity, @Key, @Version, @Operation, @Change, @Actor, @Now)
            """,
            new
            {
                Entity = entity, Key = key, Version = version, Operation = operation,
                Change = JsonSerializer.Serialize(new { before, after }, JsonSerializerOptions.Web), Actor = actor, Now = now,
            }, transaction, cancellationToken: ct));

    public static Task<IReadOnlyList<AdminChange>> ListAsync(Database database, string? entity, string? key, int page, int pageSize,
        CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<AdminChange>>(async (connection, ct) => [.. await connection.QueryAsync<AdminChange>(new CommandDefinition($"""
            select id as {nameof(AdminChange.Id)}, entity as {nameof(AdminChange.Entity)}, entity_key as {nameof(AdminChange.EntityKey)},
                   version as {nameof(AdminChange.Version)}, operation as {nameof(AdminChange.Operation)}, change as {nameof(AdminChange.Change)},
                   changed_by as {nameof(AdminChange.ChangedBy)}, changed_at as {nameof(AdminChange.ChangedAt)}
            from admin_changes
            where (@Entity is null or entity = @Entity) and (@Key is null or entity_key = @Key)
            order by id desc offset @Skip rows fetch next @Take rows only
            """, new { Entity = entity, Key = key, Skip = (page - 1) * pageSize, Take = pageSize }, cancellationToken: ct))], cancellationToken);
}
