namespace Dispatch.Workers.Audit;

/// <summary>
/// Section "Audit": the keys that seal the audit chains (<see cref="AuditKeyRing"/>). They live with the other secrets, never in
/// the database: someone who can write to the database but does not hold a key cannot produce a chain that verifies.
/// <c>Audit__ChainKeys__2026a=&lt;base64 of 32 random bytes&gt;</c>; <c>Audit__SealingKeyId=2026a</c> names the key new rows are
/// sealed with when there are several (a rotation adds the new key and points this at it; older rows keep naming theirs).
/// </summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Key id → the key, base64 (at least 32 bytes).</summary>
    public Dictionary<string, string> ChainKeys { get; set; } = [];

    /// <summary>The key that seals new rows; may be left out when there is only one.</summary>
    public string? SealingKeyId { get; set; }
}
