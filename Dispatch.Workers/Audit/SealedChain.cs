using System.Security.Cryptography;
using System.Text;

namespace Dispatch.Workers.Audit;

/// <summary>One sealed row: its hash, the key it was sealed with, and the head the next row chains from.</summary>
public readonly record struct Seal(string Hash, string KeyId, string Head);

/// <summary>
/// The keyed hash chain under every audit record (a case's trail, the administrative record). A row's hash is an HMAC-SHA256,
/// under the key its row names, of the chain's name, the head before it and the row's content; the chain's head is a second HMAC
/// of that hash. The next row chains from the head, and the head is what the chain's owner (the case row, the record's head row)
/// keeps. So without a key nobody can recompute a row, and nobody can cut rows off the end either: the head of an earlier row
/// is stored nowhere but where it was overwritten.
/// </summary>
public static class SealedChain
{
    private const char Separator = '\u001f';

    public static Seal Seal(AuditKeyRing keys, string chain, string? previousHead, string content)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var hash = RowHash(keys.SealingKey, keys.SealingKeyId, chain, previousHead, content);
        return new(hash, keys.SealingKeyId, Head(keys.SealingKey, chain, hash));
    }

    /// <summary>The head after a row, when <paramref name="hash"/> is what its key gives; null when the key is unknown or the row does not match.</summary>
    public static string? Check(AuditKeyRing keys, string chain, string? previousHead, string content, string keyId, string hash)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!keys.TryGet(keyId, out var key))
        {
            return null;
        }

        var expected = RowHash(key, keyId, chain, previousHead, content);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(hash))
            ? Head(key, chain, hash)
            : null;
    }

    public static string Join(params string?[] fields) => string.Join(Separator, fields.Select(f => f ?? ""));

    private static string RowHash(byte[] key, string keyId, string chain, string? previousHead, string content) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Join("row", chain, keyId, previousHead, content))));

    private static string Head(byte[] key, string chain, string hash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Join("head", chain, hash))));
}
