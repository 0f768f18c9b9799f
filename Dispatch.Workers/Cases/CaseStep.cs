namespace Dispatch.Workers.Cases;

/// <summary>
/// One audited step of a change: the case as it is afterwards (its next version), the audit entry that records it (not yet sealed:
/// <see cref="AuditChain"/> seals it when it is written), the events it announces and the records kept beside the case.
/// </summary>
public sealed record CaseStep(Case After, AuditEntry Audit, IReadOnlyList<object> Events, IReadOnlyList<CaseRecord> Records);
