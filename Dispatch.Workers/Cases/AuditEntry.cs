namespace Dispatch.Workers.Cases;

/// <summary>One row of a case's audit trail. <see cref="DecidedBy"/> names the rule or policy (and version) of an automatic decision.</summary>
public sealed record AuditEntry(
    int Seq,
    string Action,
    string? FromState,
    string ToState,
    string Actor,
    string? Reason,
    string? DecidedBy,
    long? DecidedById,
    int? DecidedByVersion,
    DateTimeOffset OccurredAt);
