using System.Text.RegularExpressions;

namespace Dispatch.Workers.Audit;

/// <summary>
/// The keys of the audit chains, by id: one seals what is written now, every one of them still verifies what it sealed, so a key
/// is rotated by adding a new one and sealing with it, without rewriting history.
/// </summary>
public sealed partial class AuditKeyRing
{
    public const int MinimumKeyBytes = 32;

    /// <summary>The key id a Development host seals with when it is given none. Not a secret: it protects nothing.</summary>
    public const string DevelopmentKeyId = "dev";

    private readonly Dictionary<string, byte[]> _keys;

    private AuditKeyRing(Dictionary<string, byte[]> keys, string sealingKeyId)
    {
        _keys = keys;
        SealingKeyId = sealingKeyId;
    }

    public string SealingKeyId { get; }

    public byte[] SealingKey => _keys[SealingKeyId];

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public bool TryGet(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    public static AuditKeyRing Of(string sealingKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new(keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal), sealingKeyId);
    }

    /// <summary>A fixed, publicly known key for a developer's machine: chains verify across restarts, and prove nothing.</summary>
    public static AuditKeyRing Development { get; } = Of(DevelopmentKeyId,
        new Dictionary<string, byte[]> { [DevelopmentKeyId] = System.Text.Encoding.UTF8.GetBytes("dispatch-development-audit-key-not-a-secret") });

    /// <summary>The ring the options describe, or why they do not describe one (null ring). Without keys: the development ring, in Development only.</summary>
    public static (AuditKeyRing? Ring, string? Problem) From(AuditOptions options, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChainKeys.Count == 0)
        {
            return isDevelopment
                ? (Development, null)
                : (null, "Audit:ChainKeys is required outside Development (environment variable Audit__ChainKeys__<id>=<base64 of at least " +
                         $"{MinimumKeyBytes} random bytes>): it seals the audit chains, and it must not live in the database.");
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in options.ChainKeys)
        {
            if (!KeyId().IsMatch(id))
            {
                return (null, $"Audit:ChainKeys:{id}: a key id is 1 to 16 letters, digits, '.', '_' or '-'.");
            }

            var key = new byte[value.Length];
            if (!Convert.TryFromBase64String(value, key, out var length) || length < MinimumKeyBytes)
            {
                return (null, $"Audit:ChainKeys:{id} must be base64 of at least {MinimumKeyBytes} random bytes.");
            }

            keys[id] = key[..length];
        }

        var sealing = options.SealingKeyId ?? (keys.Count == 1 ? keys.Keys.Single() : null);
        if (sealing is null)
        {
            return (null, "Audit:SealingKeyId must name the key that seals new rows when Audit:ChainKeys holds several.");
        }

        return keys.ContainsKey(sealing)
            ? (new AuditKeyRing(keys, sealing), null)
            : (null, $"Audit:SealingKeyId names '{sealing}', which Audit:ChainKeys does not hold.");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,16}$")]
    private static partial Regex KeyId();
}
