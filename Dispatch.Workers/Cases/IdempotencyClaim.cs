namespace Dispatch.Workers.Cases;

/// <summary>An Idempotency-Key with the hash of the request it came with.</summary>
public sealed record IdempotencyClaim(string Key, string RequestHash);
