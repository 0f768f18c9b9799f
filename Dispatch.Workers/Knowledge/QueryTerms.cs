namespace Dispatch.Workers.Knowledge;

/// <summary>
/// What a search asks the index for: <see cref="Terms"/>, each once; and <see cref="Words"/>, the query's own words (not the bigrams
/// made to catch words the segmenter split differently), whose absence from the whole knowledge base says the query is about
/// something the base does not hold (<c>KnowledgeSearch</c>'s threshold counts them).
/// </summary>
public sealed record QueryTerms(IReadOnlyList<string> Terms, IReadOnlyList<string> Words)
{
    public bool IsEmpty => Terms.Count == 0;
}
