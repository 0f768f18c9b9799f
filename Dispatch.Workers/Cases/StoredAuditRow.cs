namespace Dispatch.Workers.Cases;

/// <summary>An audit row as stored, with its seal (null for a row that was never sealed).</summary>
public readonly record struct StoredAuditRow(AuditEntry Entry, string? Hash, string? KeyId);
