namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// A case read as a candidate (<see cref="SimilarCaseStore"/>): what the score compares, never the caller's name or phone —
/// only whether the phone is the one asked about (<see cref="SameCaller"/>, decided in the database).
/// </summary>
public sealed class SimilarityCandidate
{
    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public string Status { get; init; } = "";
    public string CategoryCode { get; init; } = "";
    public string? CommunityCode { get; init; }
    public string? GridCode { get; init; }
    public string? Address { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string Title { get; init; } = "";

    /// <summary>The content's first <see cref="SimilarCaseStore.ContentCharacters"/> characters.</summary>
    public string Content { get; init; } = "";

    /// <summary>1 when the case's caller phone is the one asked about.</summary>
    public int SameCaller { get; init; }

    public bool CallerConfidential { get; init; }
    public DateTimeOffset FiledAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The case this one was merged into, if it was.</summary>
    public Guid? MasterCaseId { get; init; }
}
