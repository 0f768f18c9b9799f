namespace Dispatch.Workers.Knowledge;

/// <summary>
/// The terms of an entry and of a query, for the inverted index (<c>knowledge_postings</c>). Text is folded (<see cref="TextFold"/>)
/// and cut into runs of Chinese characters and of Latin letters and digits; a Latin run is one term. A Chinese run gives, by
/// <see cref="TermScheme"/>: jieba's words (search mode: 住房公积金 also gives 住房, 公积, 公积金), character bigrams (停水, 社保 as a
/// caller says them, whatever the segmenter makes of the text around them) and single characters (a one-character query).
/// An entry's weight for a term adds its fields' weights: keywords 3 (and 2 more when it is one of them exactly), title 2.5, each
/// once however often it occurs there; content 1, saturating with repetition as BM25's term frequency does (k1 = 1.2, normalised by
/// the content's length, b = 0.5 around 300 characters). A query leaves out fillers (<see cref="QueryFillers"/>), and the parts of
/// its words weigh half (<see cref="QueryTerms.WeightOf"/>).
/// Pure but for jieba's dictionary, which it reads.
/// </summary>
public sealed class KnowledgeTerms(TermScheme scheme, ChineseWords? words)
{
    /// <summary>Longest term kept (the column's width): longer words are rare and also indexed by their parts.</summary>
    public const int MaxTermLength = 32;

    public const double KeywordWeight = 3.0;

    /// <summary>Added when the term is one of the keywords exactly (停水 for an entry whose keyword is 停水, not 停水通知).</summary>
    public const double ExactKeywordWeight = 2.0;
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
        var wholeKeywords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyword in keywords)
        {
            var folded = TextFold.Fold(keyword);
            Count(keywordCounts, ShortFieldTerms(folded));
            // The keyword as a whole too: a caller who says exactly it matches it exactly, and more than a keyword that holds it.
            var whole = new string([.. folded.Where(c => TextFold.IsHan(c) || TextFold.IsLatin(c))]);
            if (whole.Length is > 0 and <= MaxTermLength)
            {
                keywordCounts.TryAdd(whole, 1);
                wholeKeywords.Add(whole);
            }
        }

        var titleCounts = Count(new Dictionary<string, int>(StringComparer.Ordinal), ShortFieldTerms(TextFold.Fold(title)));
        var contentCounts = Count(new Dictionary<string, int>(StringComparer.Ordinal), ContentTerms(TextFold.Fold(content)));
        var lengthNorm = 1 - B + B * content.Length / TypicalContentLength;
        var postings = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var term in keywordCounts.Keys.Concat(titleCounts.Keys).Concat(contentCounts.Keys).Distinct(StringComparer.Ordinal))
        {
            // A title or the keywords either have a term or not: saying it twice there does not make the entry more about it.
            var weight = (keywordCounts.ContainsKey(term) ? KeywordWeight : 0)
                         + (wholeKeywords.Contains(term) ? ExactKeywordWeight : 0)
                         + (titleCounts.ContainsKey(term) ? TitleWeight : 0)
                         + ContentWeight * Saturated(contentCounts.GetValueOrDefault(term), lengthNorm);
            postings[term] = (float)Math.Round(weight, 4);
        }

        return postings;
    }

    /// <summary>The terms a search for <paramref name="query"/> asks for.</summary>
    public QueryTerms Query(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        // A query of nothing but fillers (怎么办) asks for them after all.
        return Query(query, skipFillers: true) is { IsEmpty: false } terms ? terms : Query(query, skipFillers: false);
    }

    private QueryTerms Query(string query, bool skipFillers)
    {
        var folded = TextFold.Fold(query);
        var terms = new List<string>();
        var parts = new List<string>();
        var queryWords = new List<string>();
        void Add(string term)
        {
            if (term.Length is > 0 and <= MaxTermLength && !terms.Contains(term))
            {
                terms.Add(term);
                parts.Remove(term);
            }
        }

        void AddPart(string term)
        {
            if (term.Length is > 0 and <= MaxTermLength && !terms.Contains(term))
            {
                terms.Add(term);
                parts.Add(term);
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
                    foreach (var word in Segmenter.CutForSearch(run).Where(w => w.Length >= 2 && !(skipFillers && QueryFillers.IsFiller(w))))
                    {
                        Add(word);
                    }

                    queryWords.AddRange(Segmenter.Cut(run).Where(w => w.Length >= 2 && !(skipFillers && QueryFillers.IsFiller(w))));
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

                        // Characters the segmenter left alone: a word its dictionary lacks (违停, 欠薪), or grammar (就没水了). Their bigrams
                        // stand in for the word, those with a grammar character left out (就没 and 水了 go, 没水 stays).
                        foreach (var bigram in Bigrams(singles.ToString()).Where(b => !QueryFillers.IsFragment(b)))
                        {
                            Add(bigram);
                        }

                        singles.Clear();
                        if (word.Length == 0 || skipFillers && QueryFillers.IsFiller(word))
                        {
                            continue;
                        }

                        Add(word);
                        queryWords.Add(word);
                        // Its parts weigh half: 不来 inside 出不来 is weaker evidence than 出不来 itself.
                        foreach (var part in Segmenter.CutForSearch(word).Where(w => w.Length >= 2 && w != word && !(skipFillers && QueryFillers.IsFiller(w))))
                        {
                            AddPart(part);
                        }

                        if (word.Length == 3)
                        {
                            foreach (var bigram in Bigrams(word))
                            {
                                AddPart(bigram);
                            }
                        }
                    }

                    break;
            }
        }

        return new QueryTerms(terms, [.. queryWords.Where(w => w.Length <= MaxTermLength).Distinct(StringComparer.Ordinal)], parts);
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
