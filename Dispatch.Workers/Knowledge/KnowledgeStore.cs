using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Knowledge;

/// <summary>Reads of the knowledge base: an entry, its versions, lists, entries about to expire, the export.</summary>
public sealed class KnowledgeStore(Database database)
{
    private const string FindSql = $"""
        {KnowledgeEntryRow.SelectColumns}
        from knowledge_entries e where e.id = @Id;
        select s.entry_id as {nameof(KnowledgeScopeRow.EntryId)}, s.area_code as {nameof(KnowledgeScopeRow.AreaCode)}
        from knowledge_entry_scopes s where s.entry_id = @Id order by s.area_code
        """;

    private const string ListWhere = """
        where (@Status is null or e.status = @Status)
          and (@DepartmentCode is null or e.department_code = @DepartmentCode)
          and (@CategoryLike is null or e.category_code like @CategoryLike)
          and (@TitleLike is null or lower(e.title) like @TitleLike escape '\')
          and (cast(@ValidOn as date) is null
               or (e.status = 'published' and e.valid_from <= @ValidOn and (e.valid_until is null or e.valid_until >= @ValidOn)))
        """;

    public Task<KnowledgeEntry?> FindAsync(long id, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) => FindAsync(connection, null, id, ct), cancellationToken);

    /// <summary>The entry with its scope, read inside <paramref name="transaction"/> when there is one.</summary>
    internal static async Task<KnowledgeEntry?> FindAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(FindSql, new { Id = id }, transaction, cancellationToken: ct));
        var row = await results.ReadSingleOrDefaultAsync<KnowledgeEntryRow>();
        var scope = (await results.ReadAsync<KnowledgeScopeRow>()).Select(s => s.AreaCode).ToList();
        return row?.ToEntry(scope);
    }

    /// <summary>The entry's versions, oldest first, each with the entry as it then was.</summary>
    public Task<IReadOnlyList<KnowledgeVersion>> VersionsAsync(long id, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<KnowledgeVersion>>(async (connection, ct) =>
            [.. (await connection.QueryAsync<VersionRow>(new CommandDefinition($"""
                select version as {nameof(VersionRow.Version)}, action as {nameof(VersionRow.Action)}, status as {nameof(VersionRow.Status)},
                       entry as {nameof(VersionRow.Entry)}, changed_at as {nameof(VersionRow.ChangedAt)}, changed_by as {nameof(VersionRow.ChangedBy)},
                       reason as {nameof(VersionRow.Reason)}
                from knowledge_entry_versions where entry_id = @Id order by version
                """, new { Id = id }, cancellationToken: ct)))
                .Select(v => new KnowledgeVersion(v.Version, v.Action, v.Status, v.ChangedAt, v.ChangedBy, v.Reason,
                    JsonSerializer.Deserialize<KnowledgeEntry>(v.Entry, JsonSerializerOptions.Web)))],
            cancellationToken);

    /// <summary>A page of entries, the most recently changed first.</summary>
    public Task<KnowledgePage> ListAsync(KnowledgeFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var dialect = database.Dialect;
        var where = filter.Departments is null ? ListWhere : $"{ListWhere} and {dialect.InList("e.department_code", "Departments")}";
        var parameters = new
        {
            filter.Status, filter.DepartmentCode,
            CategoryLike = filter.CategoryPrefix is null ? null : filter.CategoryPrefix + "%",
            TitleLike = filter.TitleContains is null ? null : "%" + EscapeLike(filter.TitleContains.ToLowerInvariant()) + "%",
            ValidOn = KnowledgeEntryRow.Parameter(filter.ValidOn),
            Departments = filter.Departments?.ToArray() ?? [],
            Skip = (filter.Page - 1) * filter.PageSize, Take = filter.PageSize,
        };
        return database.ReadAsync(async (connection, ct) =>
        {
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"select count(*) from knowledge_entries e {where}", parameters, cancellationToken: ct));
            var rows = (await connection.QueryAsync<KnowledgeEntryRow>(new CommandDefinition(
                $"{KnowledgeEntryRow.SelectColumns} from knowledge_entries e {where} order by e.updated_at desc, e.id desc offset @Skip rows fetch next @Take rows only",
                parameters, cancellationToken: ct))).ToList();
            return new KnowledgePage(await WithScopesAsync(connection, rows, ct), filter.Page, filter.PageSize, total);
        }, cancellationToken);
    }

    /// <summary>
    /// Published entries whose last valid day is from <paramref name="from"/> to <paramref name="until"/> (both included), soonest first;
    /// only those <paramref name="departments"/> own, unless null.
    /// </summary>
    public Task<IReadOnlyList<KnowledgeEntry>> ExpiringAsync(DateOnly from, DateOnly until, IReadOnlyList<string>? departments, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        var owned = departments is null ? "" : $"and {dialect.InList("e.department_code", "Departments")}";
        return database.ReadAsync<IReadOnlyList<KnowledgeEntry>>(async (connection, ct) =>
        {
            var rows = (await connection.QueryAsync<KnowledgeEntryRow>(new CommandDefinition($"""
                {KnowledgeEntryRow.SelectColumns} from knowledge_entries e
                where e.status = 'published' and e.valid_until >= @From and e.valid_until <= @Until {owned}
                order by e.valid_until, e.id
                """, new { From = KnowledgeEntryRow.Parameter(from), Until = KnowledgeEntryRow.Parameter(until), Departments = departments?.ToArray() ?? [] },
                cancellationToken: ct))).ToList();
            return await WithScopesAsync(connection, rows, ct);
        }, cancellationToken);
    }

    /// <summary>Every entry the filter lets through (paging ignored), in id order, read a few hundred at a time: what an export streams.</summary>
    public async IAsyncEnumerable<KnowledgeEntry> AllAsync(KnowledgeFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var dialect = database.Dialect;
        var where = filter.Departments is null ? ListWhere : $"{ListWhere} and {dialect.InList("e.department_code", "Departments")}";
        var after = 0L;
        while (true)
        {
            var parameters = new
            {
                filter.Status, filter.DepartmentCode,
                CategoryLike = filter.CategoryPrefix is null ? null : filter.CategoryPrefix + "%",
                TitleLike = filter.TitleContains is null ? null : "%" + EscapeLike(filter.TitleContains.ToLowerInvariant()) + "%",
                ValidOn = KnowledgeEntryRow.Parameter(filter.ValidOn),
                Departments = filter.Departments?.ToArray() ?? [],
                After = after, Take = ExportPage,
            };
            var page = await database.ReadAsync(async (connection, ct) =>
            {
                var rows = (await connection.QueryAsync<KnowledgeEntryRow>(new CommandDefinition(
                    $"{KnowledgeEntryRow.SelectColumns} from knowledge_entries e {where} and e.id > @After order by e.id offset 0 rows fetch next @Take rows only",
                    parameters, cancellationToken: ct))).ToList();
                return await WithScopesAsync(connection, rows, ct);
            }, cancellationToken);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < ExportPage)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    /// <summary>Which of <paramref name="titles"/> entries already have (exactly), with their ids.</summary>
    public Task<IReadOnlyDictionary<string, long>> TitlesTakenAsync(IReadOnlyList<string> titles, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) => await TitlesTakenAsync(connection, null, database.Dialect, titles, ct), cancellationToken);

    internal static async Task<IReadOnlyDictionary<string, long>> TitlesTakenAsync(DbConnection connection, DbTransaction? transaction, ISqlDialect dialect,
        IReadOnlyList<string> titles, CancellationToken ct)
    {
        var taken = new Dictionary<string, long>(StringComparer.Ordinal);
        // A list parameter is spread into one parameter per title on SQL Server: at most a thousand a statement.
        foreach (var chunk in titles.Distinct(StringComparer.Ordinal).Chunk(1_000))
        {
            foreach (var row in await connection.QueryAsync<TitleRow>(new CommandDefinition(
                $"select title as {nameof(TitleRow.Title)}, id as {nameof(TitleRow.Id)} from knowledge_entries where {dialect.InList("title", "Titles")}",
                new { Titles = chunk }, transaction, cancellationToken: ct)))
            {
                taken[row.Title] = row.Id;
            }
        }

        return taken;
    }

    private const int ExportPage = 500;

    private async Task<IReadOnlyList<KnowledgeEntry>> WithScopesAsync(DbConnection connection, List<KnowledgeEntryRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var scopes = (await connection.QueryAsync<KnowledgeScopeRow>(new CommandDefinition($"""
                select s.entry_id as {nameof(KnowledgeScopeRow.EntryId)}, s.area_code as {nameof(KnowledgeScopeRow.AreaCode)}
                from knowledge_entry_scopes s where {database.Dialect.InList("s.entry_id", "Ids")} order by s.area_code
                """, new { Ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: ct)))
            .ToLookup(s => s.EntryId, s => s.AreaCode);
        return [.. rows.Select(r => r.ToEntry([.. scopes[r.Id]]))];
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)
            .Replace("[", "\\[", StringComparison.Ordinal);

    private sealed class TitleRow
    {
        public string Title { get; init; } = "";
        public long Id { get; init; }
    }

    private sealed class VersionRow
    {
        public int Version { get; init; }
        public string Action { get; init; } = "";
        public string Status { get; init; } = "";
        public string Entry { get; init; } = "";
        public DateTimeOffset ChangedAt { get; init; }
        public string ChangedBy { get; init; } = "";
        public string? Reason { get; init; }
    }
}
