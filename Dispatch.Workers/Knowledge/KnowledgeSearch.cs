using System.Data.Common;
using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Finds the published entries that answer a caller's words, best first. The query's terms (<see cref="KnowledgeTerms.Query"/>) are
/// looked up in the index in two round trips: their counts (for IDF, and to leave out the most common when a query would read more
/// than <see cref="KnowledgeOptions.SearchPostingsBudget"/> postings), then the score of every entry that has any of them — the sum
/// over its matched terms of posting weight × IDF, BM25-like, in SQL over the matched postings only — keeping those that match at
/// least <see cref="KnowledgeOptions.SearchMinCoverage"/> of the query's IDF (words the base has never seen count against it), best
/// first, checked for validity today, scope (the area asked about or one above it) and category. The answer shows which of the
/// query's words each entry holds and a snippet with them marked (<see cref="KnowledgeSnippet"/>).
/// </summary>
public sealed class KnowledgeSearch(Database database, CatalogueStore catalogues, TimeProvider clock, IOptions<HotlineOptions> hotline,
    IOptions<KnowledgeOptions> options)
{
    public const int MaxQueryLength = 200;
    public const int MaxLimit = 50;
    public const int DefaultLimit = 10;

    /// <summary>The terms the index was written with (the benchmark compares schemes by setting another).</summary>
    public KnowledgeTerms Terms { get; init; } = KnowledgeTerms.Default;

    private const string TermCountsSql = "select term as Term, entries as Entries from knowledge_terms where term in @Terms";

    private const string TermCountsPostgreSql = "select term as Term, entries as Entries from knowledge_terms where term = any(@Terms)";

    // The matched postings of the query's terms, scored per entry, the best @Window kept (each scored entry has at least @MinMatched of the
    // query's IDF); those valid today, in the category and in scope, best first.
    private const string SearchPostgreSql = """
        with matched as (
            select p.entry_id, sum(p.weight * t.idf) as score, sum(t.idf) as matched_idf
            from knowledge_postings p
            join unnest(@Terms, @Idfs) as t(term, idf) on t.term = p.term
            where p.term = any(@Terms)
            group by p.entry_id
            having sum(t.idf) >= @MinMatched
            order by score desc, p.entry_id
            limit @Window
        )
        select e.id as Id, m.score as Score, e.title as Title, e.content as Content, e.keywords as Keywords, e.category_code as CategoryCode,
               e.department_code as DepartmentCode, e.valid_until as ValidUntil
        from matched m
        join knowledge_entries e on e.id = m.entry_id
        where e.status = 'published' and e.valid_from <= @Today and (e.valid_until is null or e.valid_until >= @Today)
          and (@CategoryLike is null or e.category_code like @CategoryLike)
          and (@AnyArea or exists (select 1 from knowledge_entry_scopes s where s.entry_id = e.id and s.area_code = any(@Areas)))
        order by m.score desc, e.id
        limit @Limit
        """;

    // IDF from the terms' counts, halved for a part of a query word (QueryTerms.PartWeight): what the Api passes PostgreSQL as @Idfs.
    private const string SearchSqlServer = """
        with matched as (
            select top (@Window) p.entry_id, sum(p.weight * t.idf) as score, sum(t.idf) as matched_idf
            from knowledge_postings p
            join (select term, log(1.0 + (@Entries - entries + 0.5) / (entries + 0.5)) * (case when term in @Parts then 0.5 else 1.0 end) as idf
                  from knowledge_terms where term in @Terms) t
              on t.term = p.term
            where p.term in @Terms
            group by p.entry_id
            having sum(t.idf) >= @MinMatched
            order by score desc, p.entry_id
        )
        select top (@Limit) e.id as Id, m.score as Score, e.title as Title, e.content as Content, e.keywords as Keywords,
               e.category_code as CategoryCode, e.department_code as DepartmentCode, e.valid_until as ValidUntil
        from matched m
        join knowledge_entries e on e.id = m.entry_id
        where e.status = 'published' and e.valid_from <= @Today and (e.valid_until is null or e.valid_until >= @Today)
          and (@CategoryLike is null or e.category_code like @CategoryLike)
          and (@AnyArea = 1 or exists (select 1 from knowledge_entry_scopes s where s.entry_id = e.id and s.area_code in @Areas))
        order by m.score desc, e.id
        """;

    /// <summary>The entries that answer <paramref name="query"/>; the category and area must be the catalogue's (the caller checks).</summary>
    public async Task<KnowledgeResults> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = Terms.Query(query.Text);
        if (terms.IsEmpty)
        {
            return KnowledgeResults.None;
        }

        var catalogue = await catalogues.GetAsync(cancellationToken);
        var today = LocalToday.Of(clock, hotline.Value);
        var o = options.Value;
        return await database.ReadAsync(async (connection, ct) =>
        {
            var counts = await CountsAsync(connection, [KnowledgeIndexWriter.EveryEntry, .. terms.Terms, .. terms.Words], ct);
            var entries = counts.GetValueOrDefault(KnowledgeIndexWriter.EveryEntry);
            var plan = KnowledgeQueryPlan.Of(terms, counts, entries, o.SearchPostingsBudget, o.SearchMinCoverage);
            if (plan.Read.Count == 0)
            {
                return KnowledgeResults.None;
            }

            var window = o.SearchWindow;
            var hits = await ScoreAsync(connection, plan, entries, query, catalogue, today, window, ct);
            // A category or an area may leave fewer than asked among the best candidates: then look past them.
            if (hits.Count < query.Limit && (query.CategoryCode is not null || query.AreaCode is not null))
            {
                hits = await ScoreAsync(connection, plan, entries, query, catalogue, today, int.MaxValue, ct);
            }

            return new KnowledgeResults([.. hits.Select(h => Result(h, plan, catalogue))], plan);
        }, cancellationToken);
    }

    private async Task<Dictionary<string, int>> CountsAsync(DbConnection connection, IReadOnlyList<string> terms, CancellationToken ct)
    {
        var sql = database.Dialect.Provider == DatabaseProvider.SqlServer ? TermCountsSql : TermCountsPostgreSql;
        return (await connection.QueryAsync<TermCount>(new CommandDefinition(sql, new { Terms = terms.Distinct(StringComparer.Ordinal).ToArray() },
                cancellationToken: ct)))
            .ToDictionary(c => c.Term, c => c.Entries, StringComparer.Ordinal);
    }

    private async Task<List<HitRow>> ScoreAsync(DbConnection connection, KnowledgeQueryPlan plan, int entries, KnowledgeQuery query,
        Catalogue.Catalogue catalogue, DateOnly today, int window, CancellationToken ct)
    {
        var areas = query.AreaCode is null ? [] : AreaAndAbove(catalogue, query.AreaCode);
        var parameters = new
        {
            Terms = plan.Read.Select(t => t.Term).ToArray(),
            Idfs = plan.Read.Select(t => t.Idf).ToArray(),
            Parts = plan.Read.Select(t => t.Term).Where(t => plan.Parts.Contains(t)).ToArray(),
            Entries = entries,
            MinMatched = plan.MinMatched,
            Window = window,
            Today = KnowledgeEntryRow.Parameter(today),
            CategoryLike = query.CategoryCode is null ? null : CategoryPrefix(catalogue, query.CategoryCode) + "%",
            AnyArea = query.AreaCode is null,
            Areas = areas,
            query.Limit,
        };
        return [.. await connection.QueryAsync<HitRow>(new CommandDefinition(
            database.Dialect.Provider == DatabaseProvider.SqlServer ? SearchSqlServer : SearchPostgreSql, parameters, cancellationToken: ct))];
    }

    private static KnowledgeResult Result(HitRow hit, KnowledgeQueryPlan plan, Catalogue.Catalogue catalogue)
    {
        var keywords = System.Text.Json.JsonSerializer.Deserialize<List<string>>(hit.Keywords) ?? [];
        var matched = KnowledgeSnippet.Matched(plan.Known, hit.Title, keywords, hit.Content);
        return new KnowledgeResult(hit.Id, hit.Title, KnowledgeSnippet.Of(hit.Content, matched), Math.Round(hit.Score, 3), matched,
            new CodeAndName(hit.CategoryCode, catalogue.Categories.GetValueOrDefault(hit.CategoryCode)?.Name),
            new CodeAndName(hit.DepartmentCode, catalogue.Departments.GetValueOrDefault(hit.DepartmentCode)?.Name),
            KnowledgeEntryRow.Date(hit.ValidUntil));
    }

    /// <summary>The area and every area above it: an entry scoped to any of them holds there.</summary>
    public static string[] AreaAndAbove(Catalogue.Catalogue catalogue, string areaCode)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var chain = new List<string>();
        for (var code = areaCode; code is not null && chain.Count < 16; code = catalogue.Areas.GetValueOrDefault(code)?.ParentCode)
        {
            chain.Add(code);
        }

        return [.. chain];
    }

    /// <summary>The codes of a category and those below it share its first two digits per level.</summary>
    public static string CategoryPrefix(Catalogue.Catalogue catalogue, string categoryCode)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(categoryCode);
        var level = catalogue.Categories.GetValueOrDefault(categoryCode)?.Level ?? 3;
        return categoryCode.Length >= 2 * level ? categoryCode[..(2 * level)] : categoryCode;
    }

    private sealed class TermCount
    {
        public string Term { get; init; } = "";
        public int Entries { get; init; }
    }

    private sealed class HitRow
    {
        public long Id { get; init; }
        public double Score { get; init; }
        public string Title { get; init; } = "";
        public string Content { get; init; } = "";
        public string Keywords { get; init; } = "[]";
        public string CategoryCode { get; init; } = "";
        public string DepartmentCode { get; init; } = "";
        public object? ValidUntil { get; init; }
    }
}

/// <summary>A search as asked: the caller's words, optionally a category (and everything below it) and the area the call is about.</summary>
public sealed record KnowledgeQuery(string Text, string? CategoryCode, string? AreaCode, int Limit);

/// <summary>A code with its name in the catalogue (null when the catalogue no longer has it).</summary>
public sealed record CodeAndName(string Code, string? Name);

/// <summary>
/// One entry found: <see cref="Snippet"/> is HTML (escaped text, matches in <c>&lt;mark&gt;</c>; see <see cref="KnowledgeSnippet"/>),
/// <see cref="Matched"/> the query's terms the entry holds, <see cref="Score"/> the sum over them of weight × IDF (higher is better;
/// comparable within one search only).
/// </summary>
public sealed record KnowledgeResult(long Id, string Title, string Snippet, double Score, IReadOnlyList<string> Matched, CodeAndName Category,
    CodeAndName Department, DateOnly? ValidUntil);

/// <summary>What a search found, with how it read the query (for the benchmark and the specs; the API answers the items).</summary>
public sealed record KnowledgeResults(IReadOnlyList<KnowledgeResult> Items, KnowledgeQueryPlan? Plan)
{
    public static KnowledgeResults None { get; } = new([], null);
}
