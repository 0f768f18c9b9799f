namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// A case that may be the same problem, with its score (0–1, the sum of its reasons' points) and the reasons. What a dispatcher needs
/// to decide to merge (并单), and nothing of the caller.
/// </summary>
public sealed record SimilarCase(
    string Number,
    double Score,
    IReadOnlyList<SimilarityReason> Reasons,
    string Status,
    DateTimeOffset FiledAt,
    DateTimeOffset? ClosedAt,
    string Title,
    string CategoryCode);
