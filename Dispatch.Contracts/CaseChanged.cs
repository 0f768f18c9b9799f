namespace Dispatch.Contracts;

/// <summary>
/// Something was done to a case (any audited action: sign, return, note, urge, extension, ...). The
/// notifier and projections subscribe to this; <paramref name="Action"/> is the audit row's action name.
/// </summary>
public sealed record CaseChanged(
    Guid CaseId,
    string CaseNumber,
    string Action,
    string? FromState,
    string ToState,
    string Actor,
    int Version,
    DateTimeOffset OccurredAt);
