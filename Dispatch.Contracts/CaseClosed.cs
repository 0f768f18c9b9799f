namespace Dispatch.Contracts;

/// <summary>A case reached <c>closed</c>. <paramref name="Outcome"/> is "direct", "satisfied", "unreachable" or "merged".</summary>
public sealed record CaseClosed(
    Guid CaseId,
    string CaseNumber,
    string Outcome,
    DateTimeOffset ClosedAt);
