namespace Dispatch.Contracts;

/// <summary>
/// A case was assigned to a lead department (主办) and optionally assisting ones (协办).
/// <paramref name="DecidedBy"/> says what made the decision: "routing-rule", "routing-fallback" or "dispatcher".
/// </summary>
public sealed record CaseDispatched(
    Guid CaseId,
    string CaseNumber,
    string LeadDepartmentCode,
    IReadOnlyList<string> AssistingDepartmentCodes,
    string DecidedBy,
    long? RoutingRuleId,
    int? RoutingRuleVersion,
    DateTimeOffset DispatchedAt);
