namespace Dispatch.Workers.RepeatCalls;

/// <summary>The answer of a similar-case lookup: the cases at or above the threshold, best first.</summary>
public sealed record SimilarCases(IReadOnlyList<SimilarCase> Items);
