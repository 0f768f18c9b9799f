namespace Dispatch.Workers.Knowledge;

/// <summary>
/// What a search asks the index for: <see cref="Terms"/>, each once; and <see cref="Words"/>, the query's own words (not the bigrams
/// made to catch words the segmenter split differently), whose absence from the whole knowledge base says the query is about
/// something the base does not hold (<c>KnowledgeSearch</c>'s threshold counts them); and <see cref="Parts"/>, the terms among
/// <see cref="Terms"/> that are only parts of a query word (公积 of 公积金), which weigh half.
/// </summary>
public sealed record QueryTerms(IReadOnlyList<string> Terms, IReadOnlyList<string> Words, IReadOnlyList<string>? Parts = null)
{
    /// <summary>How much a term of the query counts: 1, or ½ for a part of a word.</summary>
    public double WeightOf(string term) => Parts?.Contains(term) == true ? PartWeight : 1;

    public const double PartWeight = 0.5;

    public bool IsEmpty => Terms.Count == 0;
}
