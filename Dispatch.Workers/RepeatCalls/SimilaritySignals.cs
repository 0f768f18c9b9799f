namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// How strongly each signal says two cases are one problem, each from 0 (not at all) to 1, with what matched: the category (the same
/// leaf or family), the place (the strongest of address, grid, community and distance), the text, the caller and the time between.
/// <see cref="SimilarityScoring.Weigh"/> turns them into a score with its reasons.
/// </summary>
public sealed record SimilaritySignals(
    double Category,
    SimilarityReason? CategoryMatch,
    double Place,
    SimilarityReason? PlaceMatch,
    double Text,
    double TextSimilarity,
    double Caller,
    double Time,
    double HoursApart);
