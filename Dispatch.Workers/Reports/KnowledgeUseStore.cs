using Dapper;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Reports;

/// <summary>
/// The knowledge-use report (<see cref="KnowledgeUseReport"/>), read in one round trip: citations by the <c>cited_at</c> index, searches
/// with no result by the <c>searched_at</c> index, and the period's cases by the <c>filed_at</c> index grouped by category. Names come
/// from the catalogue.
/// </summary>
public sealed class KnowledgeUseStore(Database database, CatalogueStore catalogues, TimeProvider clock)
{
    private const string Sql = $"""
        select e.id as {nameof(CitedRow.Id)}, e.title as {nameof(CitedRow.Title)}, e.department_code as {nameof(CitedRow.DepartmentCode)},
               count(*) as {nameof(CitedRow.Citations)}
        from knowledge_citations k join knowledge_entries e on e.id = k.entry_id
        where k.cited_at >= @Start and k.cited_at < @End
        group by e.id, e.title, e.department_code
        order by count(*) desc, e.id
        offset 0 rows fetch next @Limit rows only;
        select s.query as {nameof(SearchRow.Query)}, count(*) as {nameof(SearchRow.Searches)}, max(s.searched_at) as {nameof(SearchRow.LastSearchedAt)}
        from knowledge_searches s
        where s.results = 0 and s.searched_at >= @Start and s.searched_at < @End
        group by s.query
        order by count(*) desc, max(s.searched_at) desc, s.query
        offset 0 rows fetch next @Limit rows only;
        select c.category_code as {nameof(CategoryRow.CategoryCode)}, count(*) as {nameof(CategoryRow.Received)},
               sum(case when c.close_outcome = @Direct then 1 else 0 end) as {nameof(CategoryRow.ClosedDirectly)}
        from cases c
        where c.filed_at >= @Start and c.filed_at < @End
        group by c.category_code
        order by c.category_code
        """;

    /// <summary>The report for <paramref name="period"/>, each list at most <paramref name="limit"/> long (categories: all).</summary>
    public async Task<KnowledgeUseReport> ReportAsync(ReportPeriod period, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var (cited, searches, categories) = await database.ReadAsync(async (connection, ct) =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql,
                new { period.Start, period.End, Limit = limit, Direct = Cases.CloseOutcomes.Direct }, cancellationToken: ct));
            return ((await results.ReadAsync<CitedRow>()).ToList(), (await results.ReadAsync<SearchRow>()).ToList(),
                (await results.ReadAsync<CategoryRow>()).ToList());
        }, cancellationToken);

        return new KnowledgeUseReport(period, now, limit,
            [.. cited.Select(e => new CitedEntry(e.Id, e.Title, e.DepartmentCode, catalogue.Departments.GetValueOrDefault(e.DepartmentCode)?.Name, e.Citations))],
            [.. searches.Select(s => new SearchWithoutResults(s.Query, s.Searches, s.LastSearchedAt))],
            [.. categories.Select(c => Answers(c.CategoryCode, catalogue.Categories.GetValueOrDefault(c.CategoryCode)?.Name, c.Received, c.ClosedDirectly))],
            Answers(null, null, categories.Sum(c => c.Received), categories.Sum(c => c.ClosedDirectly)),
            KnowledgeUseDefinitions.All);
    }

    private static DirectAnswers Answers(string? code, string? name, long received, long closedDirectly) =>
        new(code, name, received, closedDirectly, new Rate(closedDirectly, received));

    private sealed class CitedRow
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string DepartmentCode { get; init; } = "";
        public long Citations { get; init; }
    }

    private sealed class SearchRow
    {
        public string Query { get; init; } = "";
        public long Searches { get; init; }
        public DateTimeOffset LastSearchedAt { get; init; }
    }

    private sealed class CategoryRow
    {
        public string CategoryCode { get; init; } = "";
        public long Received { get; init; }
        public long ClosedDirectly { get; init; }
    }
}
