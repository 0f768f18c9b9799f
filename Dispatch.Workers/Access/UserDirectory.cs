using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Access;

/// <summary>
/// Users and their bearer tokens. A token is 32 random bytes, shown once when issued; only its SHA-256 is
/// stored (a slow password hash buys nothing for a random 256-bit secret). Tokens that exist are cached briefly, so a
/// revoked one stops working within <see cref="CacheFor"/>; an expired one stops at once. Tokens that do not exist are
/// remembered for <see cref="MissesFor"/> (<see cref="TokenMisses"/>), so the same made-up token sent again is not looked up again.
/// </summary>
public sealed class UserDirectory(Database database, TimeProvider clock)
{
    public const string TokenPrefix = "dsp_";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MissesFor = TimeSpan.FromMinutes(1);

    /// <summary>About 2 MB of hashes at most: enough for any honest client's stale tokens; a flood of distinct ones turns it over.</summary>
    public const int MissesKept = 10_000;

    private readonly ConcurrentDictionary<string, (Actor Actor, DateTimeOffset? ExpiresAt, long CachedAt)> _cache = new();
    private readonly TokenMisses _misses = new(clock, MissesKept, MissesFor);

    public static bool LooksLikeToken(string token) =>
        token.Length is > 10 and < 100 && token.StartsWith(TokenPrefix, StringComparison.Ordinal)
        && token.Skip(TokenPrefix.Length).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// What memory alone says about a token: true with the active user it belongs to, or with null when it is known to be no good
    /// (expired, or never issued); false when only the database can say (<see cref="LookUpAsync"/>). Two steps, so that the caller
    /// can decide whether a lookup is allowed at all (the Api's sign-in throttle).
    /// </summary>
    public bool TryRecall(string token, out Actor? actor)
    {
        var hash = Hash(token);
        if (_cache.TryGetValue(hash, out var cached) && clock.GetElapsedTime(cached.CachedAt) < CacheFor)
        {
            actor = cached.ExpiresAt is { } expires && expires <= clock.GetUtcNow() ? null : cached.Actor;
            return true;
        }

        actor = null;
        return _misses.Remembers(hash);
    }

    /// <summary>
    /// The active user a token belongs to, asked of the database, or null for an unknown, expired or revoked token or an inactive
    /// user; remembers what it was told (see <see cref="TryRecall"/>).
    /// </summary>
    public async Task<Actor?> LookUpAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        // Revocation and the user's state are read, not filtered on, so that "never issued" (remembered as a miss) is told
        // apart from "issued but not usable now" (not remembered: an inactive user may be made active again).
        var row = await database.ReadAsync((connection, ct) => connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition($"""
            select u.username as {nameof(TokenRow.Username)}, u.role as {nameof(TokenRow.Role)}, u.department_code as {nameof(TokenRow.DepartmentCode)},
                   t.expires_at as {nameof(TokenRow.ExpiresAt)}, t.revoked_at as {nameof(TokenRow.RevokedAt)}, u.active as {nameof(TokenRow.Active)}
            from user_tokens t join users u on u.username = t.username
            where t.token_hash = @Hash
            """, new { Hash = hash }, cancellationToken: ct)), cancellationToken);
        if (row is null)
        {
            _misses.Remember(hash);
            return null;
        }

        if (row.RevokedAt is not null || !row.Active)
        {
            return null;
        }

        var actor = new Actor(row.Username, row.Role, row.DepartmentCode);
        _cache[hash] = (actor, row.ExpiresAt, clock.GetTimestamp());
        return row.ExpiresAt is { } expiry && expiry <= clock.GetUtcNow() ? null : actor;
    }

    /// <summary>The user <paramref name="username"/> as the console greets them; null when there is none.</summary>
    public Task<Person?> PersonAsync(string username, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) => connection.QuerySingleOrDefaultAsync<Person>(new CommandDefinition($"""
            select username as {nameof(Person.Username)}, display_name as {nameof(Person.DisplayName)}, role as {nameof(Person.Role)},
                   department_code as {nameof(Person.DepartmentCode)}
            from users where username = @Username
            """, new { Username = username }, cancellationToken: ct)), cancellationToken);

    /// <summary>32 random bytes, URL-safe, with the prefix that lets a log scanner recognise a leaked token.</summary>
    public static string NewToken() => TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Issues a new token for <paramref name="username"/> and returns it; it is never stored in clear.</summary>
    public async Task<string> IssueTokenAsync(string username, string label, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var token = NewToken();
        await database.InTransactionAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition("""
            insert into user_tokens (token_hash, username, label, created_at, expires_at) values (@Hash, @Username, @Label, @Now, @ExpiresAt)
            """, new { Hash = Hash(token), Username = username, Label = label, Now = clock.GetUtcNow(), ExpiresAt = expiresAt },
            transaction, cancellationToken: ct)), cancellationToken);
        return token;
    }

    public Task<int> RevokeTokensAsync(string username, string label, CancellationToken cancellationToken) =>
        database.InTransactionAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            "update user_tokens set revoked_at = @Now where username = @Username and label = @Label and revoked_at is null",
            new { Now = clock.GetUtcNow(), Username = username, Label = label }, transaction, cancellationToken: ct)), cancellationToken);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // A class with properties, not a positional record: Dapper converts timestamptz (read as DateTime) for
    // properties, but needs exact types for constructor parameters.
    private sealed class TokenRow
    {
        public string Username { get; init; } = "";
        public string Role { get; init; } = "";
        public string? DepartmentCode { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
        public bool Active { get; init; }
    }
}
