namespace Dispatch.Workers.Knowledge;

/// <summary>
/// The terms of an entry and of a query, for the inverted index (<c>knowledge_postings</c>). Text is folded (<see cref="TextFold"/>)
/// and cut into runs of Chinese characters and of Latin letters and digits; a Latin run is one term. A Chinese run gives, by
/// <see cref="TermScheme"/>: jieba's words (search mode: 住房公积金 also gives 住房, 公积, 公积金), character bigrams (停水, 社保 as a
/// caller says them, whatever the segmenter makes of the text around them) and single characters (a one-character query).
/// An entry's weight for a term adds its fields' weights — keywords 3, title 2.5, content 1 — each saturating with repetition as
/// BM25's term frequency does (k1 = 1.2; the content's also normalised by its length, b = 0.5 around 300 characters).
/// Pure but for jieba's dictionary, which it reads.
/// </summary>
public sealed class KnowledgeTerms(TermScheme scheme, ChineseWords? words)
{
    /// <summary>Longest term kept (the column's width): longer words are rare and also indexed by their parts.</summary>
    public const int MaxTermLength = 32;

    public const double KeywordWeight = 3.0;
    public const double TitleWeight = 2.5;
    public const double ContentWeight = 1.0;
    private const double K1 = 1.2;
    private const double B = 0.5;
    private const double TypicalContentLength = 300;

    /// <summary>A query run this short is a word or two, not a sentence.</summary>
    private const int ShortQuery = 4;

    private static readonly Lazy<KnowledgeTerms> DefaultInstance = new(() => new KnowledgeTerms(TermScheme.Hybrid, ChineseWords.Shared));

    /// <summary>The knowledge base's terms (<see cref="TermScheme.Hybrid"/>, with the process's one segmenter).</summary>
    public static KnowledgeTerms Default => DefaultInstance.Value;

    public TermScheme Scheme => scheme;

    /// <summary>Each term of the entry with its weight.</summary>
    public Dictionary<string, float> Postings(string title, IReadOnlyList<string> keywords, string content)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(content);
        var keywordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var keyword in keywords)
        {
            var folded = TextFold.Fold(keyword);
            Count(keywordCounts, ShortFieldTerms(folded));
            // The keyword as a whole too: a caller who says exactly it matches it exactly.
            var whole = new string([.. folded.Where(c => TextFold.IsHan(c) || TextFold.IsLatin(c))]);
            if (whole.Length is > 0 and <= MaxTermLength && !keywordCounts.ContainsKey(whole))
            {
                keywordCounts[whole] = 1;
            }
        }

        var titleCounts = Count(new Dictionary<string, int>(StringComparer.Ordinal), ShortFieldTerms(TextFold.Fold(title)));
        var contentCounts = Count(new Dictionary<string, int>(StringComparer.Ordinal), ContentTerms(TextFold.Fold(content)));
        var lengthNorm = 1 - B + B * content.Length / TypicalContentLength;
        var postings = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var term in keywordCounts.Keys.Concat(titleCounts.Keys).Concat(contentCounts.Keys).Distinct(StringComparer.Ordinal))
        {
            var weight = KeywordWeight * Saturated(keywordCounts.GetValueOrDefault(term), 1)
                         + TitleWeight * Saturated(titleCounts.GetValueOrDefault(term), 1)
                         + ContentWeight * Saturated(contentCounts.GetValueOrDefault(term), lengthNorm);
            postings[term] = (float)Math.Round(weight, 4);
        }

        return postings;
    }

    /// <summary>The terms a search for <paramref name="query"/> asks for.</summary>
    public QueryTerms Query(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var folded = TextFold.Fold(query);
        var terms = new List<string>();
        var queryWords = new List<string>();
        void Add(string term)
        {
            if (term.Length is > 0 and <= MaxTermLength && !terms.Contains(term))
            {
                terms.Add(term);
            }
        }

        foreach (var (start, length, han) in TextFold.Runs(folded))
        {
            var run = folded.Substring(start, length);
            if (!han)
            {
                Add(run);
                queryWords.Add(run);
                continue;
            }

            if (length == 1)
            {
                Add(run);
                continue;
            }

            switch (scheme)
            {
                case TermScheme.Bigrams:
                    foreach (var bigram in Bigrams(run))
                    {
                        Add(bigram);
                    }

                    break;
                case TermScheme.Words:
                    foreach (var word in Segmenter.CutForSearch(run).Where(w => w.Length >= 2))
                    {
                        Add(word);
                    }

                    queryWords.AddRange(Segmenter.Cut(run).Where(w => w.Length >= 2));
                    break;
                default:
                    var cut = Segmenter.Cut(run);
                    var singles = new System.Text.StringBuilder();
                    foreach (var word in cut.Append(""))
                    {
                        if (word.Length == 1)
                        {
                            singles.Append(word);
                            continue;
                        }

                        // In a short query, characters the segmenter left alone are a word its dictionary lacks (违停, 欠薪): their bigrams
                        // stand in for it. In a sentence they are mostly 我, 想, 把, 来: bigrams of those would match unrelated titles.
                        if (singles.Length >= 2 && run.Length <= ShortQuery)
                        {
                            foreach (var bigram in Bigrams(singles.ToString()))
                            {
                                Add(bigram);
                            }
                        }

                        singles.Clear();
                        if (word.Length == 0)
                        {
                            continue;
                        }

                        Add(word);
                        queryWords.Add(word);
                        foreach (var part in Segmenter.CutForSearch(word).Where(w => w.Length >= 2))
                        {
                            Add(part);
                        }

                        if (word.Length >= 3)
                        {
                            foreach (var bigram in Bigrams(word))
                            {
                                Add(bigram);
                            }
                        }
                    }

                    break;
            }
        }

        return new QueryTerms(terms, [.. queryWords.Where(w => w.Length <= MaxTermLength).Distinct(StringComparer.Ordinal)]);
    }

    private ChineseWords Segmenter => words ?? throw new InvalidOperationException($"The {scheme} scheme needs the segmenter.");

    /// <summary>A title's or a keyword's terms (short fields: every kind the scheme has).</summary>
    private IEnumerable<string> ShortFieldTerms(string folded)
    {
        foreach (var (start, length, han) in TextFold.Runs(folded))
        {
            var run = folded.Substring(start, length);
            if (!han)
            {
                yield return run;
                continue;
            }

            if (scheme != TermScheme.Words)
            {
                foreach (var c in run)
                {
                    yield return c.ToString();
                }

                foreach (var bigram in Bigrams(run))
                {
                    yield return bigram;
                }
            }

            if (scheme != TermScheme.Bigrams)
            {
                foreach (var word in Segmenter.CutForSearch(run).Where(w => w.Length >= 2 || scheme == TermScheme.Words))
                {
                    yield return word;
                }
            }
        }
    }

    /// <summary>The content's terms (a long field: no single characters but in <see cref="TermScheme.Bigrams"/>).</summary>
    private IEnumerable<string> ContentTerms(string folded)
    {
        foreach (var (start, length, han) in TextFold.Runs(folded))
        {
            var run = folded.Substring(start, length);
            if (!han)
            {
                yield return run;
                continue;
            }

            if (scheme == TermScheme.Bigrams)
            {
                foreach (var c in run)
                {
                    yield return c.ToString();
                }
            }

            if (scheme is TermScheme.Bigrams or TermScheme.HybridWithContentBigrams)
            {
                foreach (var bigram in Bigrams(run))
                {
                    yield return bigram;
                }
            }

            if (scheme != TermScheme.Bigrams)
            {
                foreach (var word in Segmenter.CutForSearch(run).Where(w => w.Length >= 2))
                {
                    yield return word;
                }
            }
        }
    }

    private static IEnumerable<string> Bigrams(string run)
    {
        for (var i = 0; i + 1 < run.Length; i++)
        {
            yield return run.Substring(i, 2);
        }
    }

    private static Dictionary<string, int> Count(Dictionary<string, int> counts, IEnumerable<string> terms)
    {
        foreach (var term in terms)
        {
            if (term.Length is > 0 and <= MaxTermLength)
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }

        return counts;
    }

    /// <summary>BM25's saturation of a term frequency: 0 for none, 1 for one, towards k1 + 1 for many.</summary>
    private static double Saturated(int frequency, double lengthNorm) =>
        frequency == 0 ? 0 : frequency * (K1 + 1) / (frequency + K1 * lengthNorm);
}
