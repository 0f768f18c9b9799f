using System.Data.Common;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// The one way an entry is written: the entry, its scope, a version row saying who did what and when (append-only), and the search
/// index — all in the caller's transaction. An update is guarded by the version it was decided on: a stale one writes nothing.
/// </summary>
public static class KnowledgeWriter
{
    private static readonly RowInsert Scopes = new("knowledge_entry_scopes", ("entry_id", typeof(long)), ("area_code", typeof(string)));

    private static readonly RowInsert Versions = new("knowledge_entry_versions",
        ("entry_id", typeof(long)), ("version", typeof(int)), ("action", typeof(string)), ("status", typeof(string)), ("entry", typeof(string)),
        ("changed_at", typeof(DateTimeOffset)), ("changed_by", typeof(string)), ("reason", typeof(string)));

    private const string InsertColumns = """
        (title, content, keywords, category_code, material_type, department_code, valid_from, valid_until, status, version,
         created_at, created_by, updated_at, updated_by, published_at)
        """;

    private const string InsertValues = """
        (@Title, @Content, @Keywords, @CategoryCode, @MaterialType, @DepartmentCode, @ValidFrom, @ValidUntil, @Status, @Version,
         @CreatedAt, @CreatedBy, @UpdatedAt, @UpdatedBy, @PublishedAt)
        """;

    private const string InsertPostgreSql = $"insert into knowledge_entries {InsertColumns} values {InsertValues} returning id";

    private const string InsertSqlServer = $"insert into knowledge_entries {InsertColumns} output inserted.id values {InsertValues}";

    private const string UpdateSql = """
        update knowledge_entries
        set title = @Title, content = @Content, keywords = @Keywords, category_code = @CategoryCode, material_type = @MaterialType,
            department_code = @DepartmentCode, valid_from = @ValidFrom, valid_until = @ValidUntil, status = @Status, version = @Version,
            updated_at = @UpdatedAt, updated_by = @UpdatedBy, published_at = @PublishedAt
        where id = @Id and version = @ExpectedVersion
        """;

    /// <summary>Inserts a new entry (its id is the database's) with its first version; returns it with its id.</summary>
    public static async Task<KnowledgeEntry> InsertAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, SqlBatch writes,
        KnowledgeEntry entry, KnowledgeAction action, string? reason, KnowledgeTerms terms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(entry);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            dialect.Provider == DatabaseProvider.SqlServer ? InsertSqlServer : InsertPostgreSql, Parameters(entry, 0), transaction, cancellationToken: ct));
        var inserted = entry with { Id = id };
        foreach (var area in inserted.Scope)
        {
            writes.Insert(Scopes, id, area);
        }

        AddVersion(writes, inserted, action, reason);
        if (inserted.Status == KnowledgeStatuses.Published)
        {
            await KnowledgeIndexWriter.AddAsync(connection, transaction, dialect, writes, inserted, terms, ct);
        }

        return inserted;
    }

    /// <summary>
    /// Writes <paramref name="after"/> over <paramref name="before"/> if the entry is still at <paramref name="before"/>'s version; false
    /// (nothing written) when someone changed it meanwhile.
    /// </summary>
    public static async Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, SqlBatch writes,
        KnowledgeEntry before, KnowledgeEntry after, KnowledgeAction action, string? reason, KnowledgeTerms terms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (await connection.ExecuteAsync(new CommandDefinition(UpdateSql, Parameters(after, before.Version), transaction, cancellationToken: ct)) == 0)
        {
            return false;
        }

        if (!before.Scope.SequenceEqual(after.Scope, StringComparer.Ordinal))
        {
            writes.Add("delete from knowledge_entry_scopes where entry_id = @Id", new { after.Id });
            foreach (var area in after.Scope)
            {
                writes.Insert(Scopes, after.Id, area);
            }
        }

        AddVersion(writes, after, action, reason);
        var wasIndexed = before.Status == KnowledgeStatuses.Published;
        var isIndexed = after.Status == KnowledgeStatuses.Published;
        if (wasIndexed && (!isIndexed || Searched(before) != Searched(after)))
        {
            await KnowledgeIndexWriter.RemoveAsync(connection, transaction, dialect, writes, after.Id, ct);
        }

        if (isIndexed && (!wasIndexed || Searched(before) != Searched(after)))
        {
            await KnowledgeIndexWriter.AddAsync(connection, transaction, dialect, writes, after, terms, ct);
        }

        return true;
    }

    /// <summary>What the index is made of: an edit that leaves it alone (a date, the scope) is not re-indexed.</summary>
    private static string Searched(KnowledgeEntry entry) => string.Join('\u0001', [entry.Title, entry.Content, .. entry.Keywords]);

    private static void AddVersion(SqlBatch writes, KnowledgeEntry entry, KnowledgeAction action, string? reason) =>
        writes.Insert(Versions, entry.Id, entry.Version, action.ToRecord(), entry.Status, JsonSerializer.Serialize(entry, KnowledgeJson.Options),
            entry.UpdatedAt, entry.UpdatedBy, reason);

    private static object Parameters(KnowledgeEntry entry, int expectedVersion) => new
    {
        entry.Id, entry.Title, entry.Content, Keywords = JsonSerializer.Serialize(entry.Keywords, KnowledgeJson.Options), entry.CategoryCode, entry.MaterialType,
        entry.DepartmentCode, ValidFrom = KnowledgeEntryRow.Parameter(entry.ValidFrom), ValidUntil = KnowledgeEntryRow.Parameter(entry.ValidUntil),
        entry.Status, entry.Version, entry.CreatedAt, entry.CreatedBy, entry.UpdatedAt, entry.UpdatedBy, entry.PublishedAt, ExpectedVersion = expectedVersion,
    };
}
