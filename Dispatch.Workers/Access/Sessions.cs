using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Access;

/// <summary>
/// The console's sessions, kept in the database (user_sessions) so that signing out ends one everywhere, even where its cookie was
/// copied. The cookie holds 32 random bytes; only their SHA-256 is stored, as for bearer tokens. Each request's session is read with
/// its user (so a deactivated user, a changed role, a reset password take effect) and kept in memory for <see cref="RecheckAfter"/>:
/// the burst of requests a screen makes costs one read. Signing out forgets it in this process at once; another Api replica may
/// accept it for at most <see cref="RecheckAfter"/> more. The last use is written at most once per <see cref="TouchEvery"/>, so a
/// session idles out between <see cref="UserSessionOptions.IdleTimeout"/> less a minute and the idle timeout after its last request.
/// Made-up cookies are remembered as misses (<see cref="TokenMisses"/>) like made-up tokens.
/// </summary>
public sealed class Sessions(Database database, TimeProvider clock, IOptions<UserSessionOptions> options)
{
    public const string SecretPrefix = "dss_";
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    /// <summary>Sessions kept in memory at most; past it the memory starts afresh (each then costs one read again).</summary>
    public const int Kept = 10_000;

    private const string SelectSession = $"""
        select u.username as {nameof(SessionRecord.Username)}, u.display_name as {nameof(SessionRecord.DisplayName)}, u.role as {nameof(SessionRecord.Role)},
               u.department_code as {nameof(SessionRecord.DepartmentCode)}, u.active as {nameof(SessionRecord.Active)},
               s.last_seen_at as {nameof(SessionRecord.LastSeenAt)}, s.expires_at as {nameof(SessionRecord.ExpiresAt)}, s.ended_at as {nameof(SessionRecord.EndedAt)}
        from user_sessions s join users u on u.username = s.username
        where s.session_hash = @Hash
        """;

    private const string InsertSession = """
        delete from user_sessions where username = @Username and expires_at < @Now;
        insert into user_sessions (session_hash, username, started_at, last_seen_at, expires_at) values (@Hash, @Username, @Now, @Now, @ExpiresAt)
        """;

    private const string TouchSession = "update user_sessions set last_seen_at = @Now where session_hash = @Hash and ended_at is null";

    private const string EndSession = "update user_sessions set ended_at = @Now where session_hash = @Hash and ended_at is null";

    private const string EndUsersSessions = "update user_sessions set ended_at = @Now where username = @Username and ended_at is null";

    private readonly ConcurrentDictionary<string, (SessionRecord Session, DateTimeOffset ReadAt)> _recent = new(StringComparer.Ordinal);
    private readonly TokenMisses _misses = new(clock, UserDirectory.MissesKept, UserDirectory.MissesFor);

    public static bool LooksLikeSecret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length is > 10 and < 100 && value.StartsWith(SecretPrefix, StringComparison.Ordinal)
               && value.Skip(SecretPrefix.Length).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    /// <summary>
    /// The antiforgery token of the session whose cookie holds <paramref name="secret"/>: an HMAC of a fixed text under the secret. Bound to
    /// the session (a token from another session, or one planted by a sibling site, does not match), nothing to store, and it reveals
    /// nothing of the secret it is made from. The console reads it from the XSRF-TOKEN cookie and sends it back in X-XSRF-TOKEN.
    /// </summary>
    public static string AntiforgeryToken(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "dispatch antiforgery v1"u8));
    }

    /// <summary>Signs <paramref name="username"/> in: a new session, and their sessions that ran their lifetime deleted.</summary>
    public async Task<StartedSession> StartAsync(string username, CancellationToken cancellationToken)
    {
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var expiresAt = now + options.Value.Lifetime;
        await database.InTransactionAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(InsertSession,
            new { Hash = UserDirectory.Hash(secret), Username = username, Now = now, ExpiresAt = expiresAt }, transaction, cancellationToken: ct)),
            cancellationToken);
        return new StartedSession(secret, AntiforgeryToken(secret), expiresAt);
    }

    /// <summary>
    /// Whether memory alone can say what <paramref name="secret"/> is (read moments ago, or known never to have been issued): then
    /// <see cref="CheckAsync"/> will not ask the database. The Api's sign-in throttle lets only these through from a throttled address.
    /// </summary>
    public bool Recalls(string secret, out bool issued)
    {
        var hash = UserDirectory.Hash(secret);
        issued = _recent.TryGetValue(hash, out var recent) && Fresh(recent.ReadAt, clock.GetUtcNow());
        return issued || _misses.Remembers(hash);
    }

    /// <summary>
    /// The state of the session <paramref name="secret"/> opens, its last use recorded when due; null when no such session was ever
    /// issued (remembered, so the same made-up cookie costs no second read).
    /// </summary>
    public async Task<SessionState?> CheckAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = UserDirectory.Hash(secret);
        var now = clock.GetUtcNow();
        SessionRecord? session;
        if (_recent.TryGetValue(hash, out var recent) && Fresh(recent.ReadAt, now))
        {
            session = recent.Session;
        }
        else if (_misses.Remembers(hash))
        {
            return null;
        }
        else
        {
            session = await database.ReadAsync((connection, ct) => connection.QuerySingleOrDefaultAsync<SessionRecord>(new CommandDefinition(
                SelectSession, new { Hash = hash }, cancellationToken: ct)), cancellationToken);
            if (session is null)
            {
                _misses.Remember(hash);
                return null;
            }

            Remember(hash, session, now);
        }

        var state = SessionState.Of(session, now, options.Value.IdleTimeout);
        if (state is SessionState.Ended)
        {
            _recent.TryRemove(hash, out _);
        }
        else if (now - session.LastSeenAt >= TouchEvery)
        {
            await database.InTransactionAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(TouchSession,
                new { Hash = hash, Now = now }, transaction, cancellationToken: ct)), cancellationToken);
            Remember(hash, new SessionRecord
            {
                Username = session.Username, DisplayName = session.DisplayName, Role = session.Role, DepartmentCode = session.DepartmentCode,
                Active = session.Active, LastSeenAt = now, ExpiresAt = session.ExpiresAt, EndedAt = session.EndedAt,
            }, now);
        }

        return state;
    }

    /// <summary>Signs the session out: ended in the database, forgotten here.</summary>
    public async Task EndAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = UserDirectory.Hash(secret);
        _recent.TryRemove(hash, out _);
        await database.InTransactionAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(EndSession,
            new { Hash = hash, Now = clock.GetUtcNow() }, transaction, cancellationToken: ct)), cancellationToken);
    }

    /// <summary>Forgets what this process remembers of <paramref name="username"/>'s sessions, so that the next request reads them again.</summary>
    public void Forget(string username)
    {
        foreach (var (hash, recent) in _recent)
        {
            if (string.Equals(recent.Session.Username, username, StringComparison.Ordinal))
            {
                _recent.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>Ends every open session of <paramref name="username"/> inside the caller's transaction (a password reset).</summary>
    /// <returns>How many it ended.</returns>
    internal static Task<int> EndAllAsync(DbConnection connection, DbTransaction transaction, string username, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(EndUsersSessions, new { Username = username, Now = now }, transaction, cancellationToken: ct));

    // A clock set back (a spec's, or the host's own correction) makes what was read "later" stale, not fresh for ever.
    private static bool Fresh(DateTimeOffset readAt, DateTimeOffset now) => now >= readAt && now - readAt < RecheckAfter;

    private void Remember(string hash, SessionRecord session, DateTimeOffset now)
    {
        if (_recent.Count >= Kept)
        {
            _recent.Clear();
        }

        _recent[hash] = (session, now);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
