namespace Dispatch.Workers.Cases;

/// <summary>
/// What checking a case's audit trail found: its rows, the version the case says it is at, whether the trail holds, and if not the
/// first row that fails and why.
/// </summary>
public sealed record AuditVerification(string Number, int Rows, int Version, bool Intact, int? FirstBrokenSeq, string? Problem);
