namespace Dispatch.Workers.Knowledge;

/// <summary>
/// How a search reads a query, decided from its terms' counts in the index (pure). IDF is BM25's, ln(1 + (N − n + 0.5) / (n + 0.5))
/// for a term n of the N indexed entries have, halved for a part of a query word (<see cref="QueryTerms.WeightOf"/>): what
/// <see cref="Read"/> carries. The terms are read rarest first while their postings fit the budget (the rarest always):
/// the common ones left out separate entries least. The query's weight is the IDF of the terms read, plus, for each of the query's
/// own words the base has never seen (neither it nor a part of it is a term of any entry), the IDF an unseen term would have: a
/// query about something the base does not hold then matches too little of its weight for any entry to reach
/// <see cref="MinMatched"/> (coverage × weight).
/// </summary>
public sealed record KnowledgeQueryPlan(IReadOnlyList<(string Term, double Idf)> Read, IReadOnlyList<string> Known, IReadOnlyList<string> Unseen,
    double Weight, double MinMatched, IReadOnlyList<string> Parts)
{
    public static KnowledgeQueryPlan Of(QueryTerms query, IReadOnlyDictionary<string, int> counts, int entries, int postingsBudget, double coverage)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(counts);
        var known = query.Terms.Where(t => counts.GetValueOrDefault(t) > 0).ToList();
        if (entries <= 0 || known.Count == 0)
        {
            return new([], known, [.. query.Words], 0, 0, query.Parts ?? []);
        }

        var read = new List<(string Term, double Idf)>();
        long postings = 0;
        foreach (var term in known.OrderBy(t => counts[t]).ThenBy(t => t, StringComparer.Ordinal))
        {
            if (read.Count > 0 && postings + counts[term] > postingsBudget)
            {
                continue;
            }

            postings += counts[term];
            read.Add((term, Idf(entries, counts[term]) * query.WeightOf(term)));
        }

        var unseen = query.Words
            .Where(w => counts.GetValueOrDefault(w) == 0 && !known.Any(t => t.Length >= 2 && w.Contains(t, StringComparison.Ordinal)))
            .ToList();
        var weight = read.Sum(r => r.Idf) + unseen.Count * Idf(entries, 0);
        // A hair under, so that an entry matching exactly the share asked is in (sums of floating-point IDFs differ in the last bits).
        return new(read, known, unseen, weight, coverage * weight * (1 - 1e-9), query.Parts ?? []);
    }

    public static double Idf(int entries, int having) => Math.Log(1 + (entries - having + 0.5) / (having + 0.5));
}
