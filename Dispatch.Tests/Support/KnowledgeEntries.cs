using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Support;

/// <summary>
/// Knowledge entries written straight into <c>knowledge_entries</c> (migration 0013) as the owner, and the searches agents made, for
/// the specs of what cites them and counts them: the knowledge base's own API is not theirs to go through.
/// </summary>
public static class KnowledgeEntries
{
    /// <summary>An entry in <paramref name="status"/> (published, draft, in-review, archived), owned by <paramref name="departmentCode"/>; its id.</summary>
    public static async Task<long> InsertAsync(TestDatabase db, string title, string status = "published", string departmentCode = "GOV",
        string categoryCode = "100102")
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = DateTimeOffset.UtcNow;
        var insert = db.Provider == DatabaseProvider.SqlServer
            ? $"insert into knowledge_entries ({Columns}) output inserted.id values ({Values})"
            : $"insert into knowledge_entries ({Columns}) values ({Values}) returning id";
        await using var connection = await db.Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(insert, new
        {
            Title = title, Content = $"{title}：答复口径。", Keywords = "[]", CategoryCode = categoryCode, MaterialType = "hot-qa",
            DepartmentCode = departmentCode, ValidFrom = new DateTime(2020, 1, 1), Status = status, Now = now, By = "editor:editor1",
            PublishedAt = status == "published" ? now : (DateTimeOffset?)null,
        });
    }

    /// <summary>A search as the knowledge base records it: what was typed, when, and how many entries it found.</summary>
    public static async Task RecordSearchAsync(TestDatabase db, string query, int results, DateTimeOffset searchedAt)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var connection = await db.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            insert into knowledge_searches (searched_at, role, query, category_code, area_code, results)
            values (@SearchedAt, 'agent', @Query, null, null, @Results)
            """, new { SearchedAt = searchedAt.ToUniversalTime(), Query = query, Results = results });
    }

    private const string Columns = """
        title, content, keywords, category_code, material_type, department_code, valid_from, valid_until, status, version,
        created_at, created_by, updated_at, updated_by, published_at
        """;

    private const string Values = """
        @Title, @Content, @Keywords, @CategoryCode, @MaterialType, @DepartmentCode, @ValidFrom, null, @Status, 1,
        @Now, @By, @Now, @By, @PublishedAt
        """;
}
