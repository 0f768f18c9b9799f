namespace Dispatch.Contracts;

/// <summary>An agent recorded a call as a case (已受理). Routing picks it up from here.</summary>
public sealed record CaseFiled(
    Guid CaseId,
    string CaseNumber,
    string RequestType,
    string CategoryCode,
    string Urgency,
    DateTimeOffset FiledAt);
