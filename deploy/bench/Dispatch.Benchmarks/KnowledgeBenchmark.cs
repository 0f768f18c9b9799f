using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Knowledge;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Dispatch.Benchmarks;

/// <summary>
/// The knowledge base's search (<see cref="KnowledgeSearch"/>, the code the Api runs), two ways:
///   quality — the demo district's knowledge base (deploy/seed/knowledge.json) indexed with each <see cref="TermScheme"/>, and the
///             labelled queries (deploy/bench/data/knowledge-queries.json) searched against it: how often the expected entry comes
///             first (top-1) or among the first three (top-3), and how often a query with no answer in the base gets nothing; with the
///             postings each scheme keeps per entry, and for the scheme in use the same at several coverage thresholds;
///   speed   — N entries made from the seed's by variation (a place in the title, sentences dropped, a sentence of a related entry
///             added, other numbers, keywords and scopes varied; 92 % published, 4 % drafts, 4 % archived, 8 % past their validity),
///             bulk-loaded with their index, then every labelled query searched (after one untimed pass) several times: p50/p95/p99
///             of the whole search (two round trips, snippets) against two raw baselines in the same run — the plain index lookup
///             (the same terms' postings summed per entry, best ten, no IDF, validity, scope or snippet) and an ILIKE scan of titles and
///             answers for the query as typed (what a base without an index would do).
/// </summary>
public static class KnowledgeBenchmark
{
    public sealed record Quality(TermScheme Scheme, double Coverage, double PostingsPerEntry, int Expected, int Top1, int Top3, int None, int NoneEmpty);

    public sealed record Speed(TermScheme Scheme, int Entries, int Cases, double SetupSeconds, long Postings, double IndexMb, int Searches,
        double P50, double P95, double P99, double RawP50, double RawP95, double RawP99, double ScanP50, double ScanP95);

    public sealed record Labelled(string Query, string? Expected, string Kind);

    public static IReadOnlyList<Labelled> Queries()
    {
        var path = Path.Combine(Root(), "deploy", "bench", "data", "knowledge-queries.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<List<Labelled>>(File.ReadAllText(path), JsonSerializerOptions.Web)! : [];
    }

    /// <summary>The labelled queries against the seed, indexed with each scheme (and, for <paramref name="sweep"/>, at each coverage).</summary>
    public static async Task<IReadOnlyList<Quality>> QualityAsync(string admin, IReadOnlyList<TermScheme> schemes, TermScheme sweep, double[] coverages,
        TextWriter? misses = null)
    {
        var seed = KnowledgeSeed.Load().Entries;
        var queries = Queries();
        await using var bench = await BenchDatabase.CreateAsync(admin, "kbq", 10);
        var catalogue = await Catalogue(bench);
        var rows = Generate(seed, seed.Count, catalogue, variants: false);
        var results = new List<Quality>();
        foreach (var scheme in schemes)
        {
            var terms = new KnowledgeTerms(scheme, scheme == TermScheme.Bigrams ? null : ChineseWords.Shared);
            var postings = await LoadAsync(bench.ConnectionString, rows, terms);
            foreach (var coverage in scheme == sweep ? coverages : [new KnowledgeOptions().SearchMinCoverage])
            {
                var search = Search(bench, terms, coverage);
                int top1 = 0, top3 = 0, none = 0, noneEmpty = 0, expected = 0;
                foreach (var q in queries)
                {
                    var found = (await search.SearchAsync(new KnowledgeQuery(q.Query, null, null, 3), CancellationToken.None)).Items.Select(i => i.Title).ToList();
                    if (q.Expected is null)
                    {
                        if (misses is not null && scheme == sweep && found.Count > 0 && Math.Abs(coverage - new KnowledgeOptions().SearchMinCoverage) < 1e-9)
                        {
                            await misses.WriteLineAsync($"answered a no-answer query: {q.Query} → {string.Join(" / ", found)}");
                        }

                        none++;
                        noneEmpty += found.Count == 0 ? 1 : 0;
                        continue;
                    }

                    expected++;
                    if (misses is not null && scheme == sweep && Math.Abs(coverage - new KnowledgeOptions().SearchMinCoverage) < 1e-9 && found.FirstOrDefault() != q.Expected)
                    {
                        var plan = (await search.SearchAsync(new KnowledgeQuery(q.Query, null, null, 3), CancellationToken.None)).Plan;
                        await misses.WriteLineAsync($"missed ({q.Kind}) {q.Query} → expected {q.Expected}; got {string.Join(" / ", found)}; " +
                            $"terms {string.Join(" ", terms.Query(q.Query).Terms)}; unseen {string.Join(" ", plan?.Unseen ?? [])}");
                    }

                    top1 += found.FirstOrDefault() == q.Expected ? 1 : 0;
                    top3 += found.Contains(q.Expected) ? 1 : 0;
                }

                results.Add(new Quality(scheme, coverage, postings / (double)rows.Count(r => r.Status == KnowledgeStatuses.Published), expected, top1, top3,
                    none, noneEmpty));
            }
        }

        return results;
    }

    /// <summary>
    /// Search latency over <paramref name="entries"/> entries indexed with <paramref name="scheme"/>, in a database that also holds
    /// <paramref name="cases"/> cases of the demo district (as a hotline's does: they compete for the same memory and disk).
    /// </summary>
    public static async Task<Speed> SpeedAsync(string admin, int entries, TermScheme scheme, int repeats, int cases = 0)
    {
        var seed = KnowledgeSeed.Load().Entries;
        var queries = Queries();
        await using var bench = await BenchDatabase.CreateAsync(admin, $"kb{entries}", 10);
        var catalogue = await Catalogue(bench);
        var setup = Stopwatch.StartNew();
        if (cases > 0)
        {
            await new SimilarCaseBackground(catalogue, seed: 20260630).LoadAsync(bench.ConnectionString, cases);
        }

        var rows = Generate(seed, entries, catalogue, variants: true);
        var terms = new KnowledgeTerms(scheme, scheme == TermScheme.Bigrams ? null : ChineseWords.Shared);
        var postings = await LoadAsync(bench.ConnectionString, rows, terms);
        var setupSeconds = setup.Elapsed.TotalSeconds;
        double indexMb;
        await using (var connection = new NpgsqlConnection(bench.ConnectionString))
        {
            indexMb = await connection.ExecuteScalarAsync<long>("select pg_total_relation_size('knowledge_postings') + pg_total_relation_size('knowledge_terms')")
                      / 1048576.0;
        }

        var search = Search(bench, terms, new KnowledgeOptions().SearchMinCoverage);
        var ours = new List<double>();
        var raw = new List<double>();
        var scan = new List<double>();
        var read = new Dictionary<string, string[]>();
        // One untimed pass: the JIT, the plans, the pages of the index the queries touch.
        foreach (var q in queries)
        {
            var found = await search.SearchAsync(new KnowledgeQuery(q.Query, null, null, KnowledgeSearch.DefaultLimit), CancellationToken.None);
            read[q.Query] = found.Plan?.Read.Select(r => r.Term).ToArray() ?? [.. terms.Query(q.Query).Terms];
        }

        await using var rawConnection = new NpgsqlConnection(bench.ConnectionString);
        await rawConnection.OpenAsync();
        for (var r = 0; r < repeats; r++)
        {
            foreach (var q in queries)
            {
                var clock = Stopwatch.StartNew();
                await search.SearchAsync(new KnowledgeQuery(q.Query, null, null, KnowledgeSearch.DefaultLimit), CancellationToken.None);
                ours.Add(clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                await rawConnection.QueryAsync<(long, double)>("""
                    select entry_id, sum(weight) from knowledge_postings where term = any(@Terms)
                    group by entry_id order by 2 desc limit 10
                    """, new { Terms = read[q.Query] });
                raw.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        // The scan is slow and its time hardly depends on the query: one pass.
        foreach (var q in queries)
        {
            var clock = Stopwatch.StartNew();
            await rawConnection.QueryAsync<long>(
                "select id from knowledge_entries where status = 'published' and (title ilike @Pattern or content ilike @Pattern) limit 10",
                new { Pattern = "%" + q.Query + "%" });
            scan.Add(clock.Elapsed.TotalMilliseconds);
        }

        return new Speed(scheme, entries, cases, setupSeconds, postings, indexMb, ours.Count, P(ours, 50), P(ours, 95), P(ours, 99), P(raw, 50), P(raw, 95),
            P(raw, 99), P(scan, 50), P(scan, 95));
    }

    /// <summary>What loading jieba's dictionary costs a process: time and managed memory.</summary>
    public static (double Ms, double Mb) SegmenterCost()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        ChineseWords.Warm();
        var ms = clock.Elapsed.TotalMilliseconds;
        return (ms, (GC.GetTotalMemory(forceFullCollection: true) - before) / 1048576.0);
    }

    private static KnowledgeSearch Search(BenchDatabase bench, KnowledgeTerms terms, double coverage)
    {
        var catalogues = new CatalogueStore(bench.Database, TimeProvider.System, Options.Create(new CatalogueOptions()));
        return new KnowledgeSearch(bench.Database, catalogues, TimeProvider.System, Options.Create(new HotlineOptions()),
            Options.Create(new KnowledgeOptions { SearchMinCoverage = coverage })) { Terms = terms };
    }

    private static async Task<Dispatch.Workers.Catalogue.Catalogue> Catalogue(BenchDatabase bench)
    {
        using var catalogues = new CatalogueStore(bench.Database, TimeProvider.System, Options.Create(new CatalogueOptions()));
        return await catalogues.GetAsync(CancellationToken.None);
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    /// <summary>An entry to load: the seed's fields, varied.</summary>
    private sealed record Row(string Title, string Content, IReadOnlyList<string> Keywords, string CategoryCode, string MaterialType, string DepartmentCode,
        IReadOnlyList<string> Scope, DateOnly ValidFrom, DateOnly? ValidUntil, string Status);

    private static List<Row> Generate(IReadOnlyList<KnowledgeSeedEntry> seed, int count, Dispatch.Workers.Catalogue.Catalogue catalogue, bool variants)
    {
        var random = new Random(12345);
        var places = catalogue.Areas.Values.Where(a => a.Level is AreaLevels.Street or AreaLevels.Community).OrderBy(a => a.Code).ToList();
        var sentences = seed.Select(e => e.Content.Split(['。', '\n'], StringSplitOptions.RemoveEmptyEntries)).ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = new List<Row>(count);
        for (var i = 0; i < count; i++)
        {
            var s = seed[i % seed.Count];
            if (!variants)
            {
                rows.Add(new Row(s.Title, s.Content, s.Keywords ?? [], s.CategoryCode, KnowledgeValidation.MaterialType(s.MaterialType) ?? s.MaterialType,
                    s.DepartmentCode, s.Scope ?? ["DM"], new DateOnly(2026, 1, 1), null, KnowledgeStatuses.Published));
                continue;
            }

            var place = places[random.Next(places.Count)];
            var own = sentences[i % seed.Count];
            var kept = own.Where((_, k) => k == 0 || random.NextDouble() < 0.8).ToList();
            // A sentence of an entry of the same domain (first two digits of the category), as related answers share their wording.
            var related = seed.Select((e, k) => (e, k)).Where(x => x.e.CategoryCode[..2] == s.CategoryCode[..2] && x.k != i % seed.Count).ToList();
            if (related.Count > 0)
            {
                var other = sentences[related[random.Next(related.Count)].k];
                kept.Insert(random.Next(1, kept.Count + 1), "另：" + other[random.Next(other.Length)]);
            }

            var content = new StringBuilder($"（{place.Name}）").AppendJoin("。", kept.Select(k => Digits(k, random))).Append('。').ToString();
            var keywords = (s.Keywords ?? []).Where(_ => random.NextDouble() < 0.85).Append(place.Name.Length <= 20 ? place.Name : place.Name[..20]).Distinct().ToList();
            var roll = random.NextDouble();
            var status = roll < 0.04 ? KnowledgeStatuses.Draft : roll < 0.08 ? KnowledgeStatuses.Archived : KnowledgeStatuses.Published;
            var validUntil = random.NextDouble() < 0.08 ? today.AddDays(-random.Next(1, 400)) : random.NextDouble() < 0.5 ? (DateOnly?)null : today.AddDays(random.Next(1, 700));
            var title = $"{s.Title}（{place.Name}·{i / seed.Count + 1}）";
            rows.Add(new Row(title.Length <= 128 ? title : title[..128], content.Length <= 20_000 ? content : content[..20_000], keywords, s.CategoryCode,
                KnowledgeValidation.MaterialType(s.MaterialType) ?? s.MaterialType, s.DepartmentCode, random.NextDouble() < 0.6 ? ["DM"] : [place.Code],
                new DateOnly(2025, 1, 1).AddDays(random.Next(0, 365)), validUntil, status));
        }

        return rows;
    }

    /// <summary>Other phone numbers, fees and days: digits vary between otherwise alike answers.</summary>
    private static string Digits(string sentence, Random random) =>
        random.NextDouble() < 0.3 ? new string([.. sentence.Select(c => char.IsAsciiDigit(c) ? (char)('0' + random.Next(10)) : c)]) : sentence;

    /// <summary>
    /// Replaces the entries and their index with <paramref name="rows"/> (binary COPY; the published ones indexed with <paramref name="terms"/>,
    /// as the writer would, tokenised on every core), then VACUUM ANALYZE; returns the postings written.
    /// </summary>
    private static async Task<long> LoadAsync(string connectionString, IReadOnlyList<Row> rows, KnowledgeTerms terms)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("""
            truncate knowledge_postings, knowledge_terms;
            alter table knowledge_entry_versions disable trigger knowledge_entry_versions_no_truncate;
            truncate knowledge_entry_scopes, knowledge_entry_versions, knowledge_citations, knowledge_entries restart identity;
            alter table knowledge_entry_versions enable trigger knowledge_entry_versions_no_truncate;
            """);
        var now = DateTimeOffset.UtcNow;
        await using (var copy = await connection.BeginBinaryImportAsync("""
            copy knowledge_entries (title, content, keywords, category_code, material_type, department_code, valid_from, valid_until, status, version,
                                    created_at, created_by, updated_at, updated_by, published_at) from stdin (format binary)
            """))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.Title, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Content, NpgsqlDbType.Text);
                await copy.WriteAsync(JsonSerializer.Serialize(r.Keywords), NpgsqlDbType.Text);
                await copy.WriteAsync(r.CategoryCode, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.MaterialType, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.DepartmentCode, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.ValidFrom, NpgsqlDbType.Date);
                if (r.ValidUntil is { } until)
                {
                    await copy.WriteAsync(until, NpgsqlDbType.Date);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(r.Status, NpgsqlDbType.Varchar);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("system:bench", NpgsqlDbType.Varchar);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("system:bench", NpgsqlDbType.Varchar);
                if (r.Status == KnowledgeStatuses.Published)
                {
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
                else
                {
                    await copy.WriteNullAsync();
                }
            }

            await copy.CompleteAsync();
        }

        // Identity values follow the COPY's order.
        var ids = (await connection.QueryAsync<long>("select id from knowledge_entries order by id")).ToList();
        await using (var copy = await connection.BeginBinaryImportAsync("copy knowledge_entry_scopes (entry_id, area_code) from stdin (format binary)"))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                foreach (var area in rows[i].Scope)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint);
                    await copy.WriteAsync(area, NpgsqlDbType.Varchar);
                }
            }

            await copy.CompleteAsync();
        }

        var indexed = new Dictionary<string, float>[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            if (rows[i].Status == KnowledgeStatuses.Published)
            {
                indexed[i] = terms.Postings(rows[i].Title, rows[i].Keywords, rows[i].Content);
            }
        });
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long postings = 0;
        await using (var copy = await connection.BeginBinaryImportAsync("copy knowledge_postings (term, entry_id, weight) from stdin (format binary)"))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (indexed[i] is not { } entryPostings)
                {
                    continue;
                }

                entryPostings[KnowledgeIndexWriter.EveryEntry] = 0;
                foreach (var (term, weight) in entryPostings)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(term, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint);
                    await copy.WriteAsync(weight, NpgsqlDbType.Real);
                    counts[term] = counts.GetValueOrDefault(term) + 1;
                    postings++;
                }
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("copy knowledge_terms (term, entries) from stdin (format binary)"))
        {
            foreach (var (term, entries) in counts)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(term, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entries, NpgsqlDbType.Integer);
            }

            await copy.CompleteAsync();
        }

        await connection.ExecuteAsync("vacuum analyze knowledge_postings, knowledge_terms, knowledge_entries, knowledge_entry_scopes", commandTimeout: 600);
        return postings - rows.Count(r => r.Status == KnowledgeStatuses.Published);
    }

    private static string Root()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dispatch.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Run from the repository (deploy/bench/run).");
    }
}
