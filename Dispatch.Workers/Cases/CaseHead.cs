namespace Dispatch.Workers.Cases;

/// <summary>What the case row says its trail must end in: its version (the last row's seq), its state, and the head it keeps.</summary>
public sealed record CaseHead(int Version, string Status, string? AuditHash);
