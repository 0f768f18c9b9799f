namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Which terms the index keeps for an entry and asks for a query. <see cref="Hybrid"/> is what the knowledge base uses; the others
/// exist so that the benchmark measures the choice against them on the same data (docs/knowledge.md has the figures).
/// </summary>
public enum TermScheme
{
    /// <summary>jieba's words everywhere; single characters and character bigrams of the title and keywords too.</summary>
    Hybrid,

    /// <summary>Single characters and character bigrams of every field; no segmenter.</summary>
    Bigrams,

    /// <summary>jieba's words of every field (search mode), nothing else.</summary>
    Words,

    /// <summary><see cref="Hybrid"/> with the content's character bigrams as well.</summary>
    HybridWithContentBigrams,
}
