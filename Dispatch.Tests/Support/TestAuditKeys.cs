using Dispatch.Workers.Audit;

namespace Dispatch.Tests.Support;

/// <summary>The audit key every spec host seals with (the hosts run as "Test", which, like production, needs one), and its ring.</summary>
public static class TestAuditKeys
{
    public const string KeyId = "test";

    /// <summary>Base64 of 32 bytes: what Audit:ChainKeys:test holds.</summary>
    public static string Key { get; } = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("dispatch-specs-audit-key-32bytes"));

    public static AuditKeyRing Ring { get; } = AuditKeyRing.From(new AuditOptions { ChainKeys = { [KeyId] = Key } }, isDevelopment: false).Ring!;

    /// <summary>The settings that give a host this key, as configuration keys and as environment variables.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { [$"Audit:ChainKeys:{KeyId}"] = Key };

    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string> { [$"Audit__ChainKeys__{KeyId}"] = Key };
}
