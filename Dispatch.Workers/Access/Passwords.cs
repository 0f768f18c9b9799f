using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Storage;
using Microsoft.AspNetCore.Identity;

namespace Dispatch.Workers.Access;

/// <summary>
/// People's passwords, hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (format V3: PBKDF2 with HMAC-SHA512, a
/// random salt, the iteration count inside the stored value, so a later framework's stronger default rehashes at the next sign-in).
/// Checking one costs the same whether the username exists, has a password or is active, so that the time of a refusal tells
/// nothing. Setting one ends the user's open sessions: a reset is what an administrator does when a password may be known.
/// </summary>
public sealed class Passwords(Database database, AdminChanges changes, TimeProvider clock)
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>A hash of a password no one knows, checked when there is nothing else to check: every refusal costs one verification.</summary>
    private static readonly Lazy<string> Decoy = new(() => Hasher.HashPassword("", Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    private const string SelectForSignIn = $"""
        select u.username as {nameof(SignInRow.Username)}, u.display_name as {nameof(SignInRow.DisplayName)}, u.role as {nameof(SignInRow.Role)},
               u.department_code as {nameof(SignInRow.DepartmentCode)}, u.active as {nameof(SignInRow.Active)},
               p.password_hash as {nameof(SignInRow.PasswordHash)}
        from users u left join user_passwords p on p.username = u.username
        where u.username = @Username
        """;

    private const string DeletePassword = "delete from user_passwords where username = @Username";

    private const string InsertPassword = """
        insert into user_passwords (username, password_hash, set_at, set_by) values (@Username, @Hash, @Now, @SetBy)
        """;

    private const string UpdateHash = "update user_passwords set password_hash = @Hash where username = @Username and password_hash = @Old";

    /// <summary>
    /// The person <paramref name="username"/> is, when <paramref name="password"/> is theirs and they are active; null for a wrong
    /// password, an unknown or inactive user, or one without a password, alike.
    /// </summary>
    public async Task<Person?> CheckAsync(string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        var row = await database.ReadAsync((connection, ct) => connection.QuerySingleOrDefaultAsync<SignInRow>(new CommandDefinition(
            SelectForSignIn, new { Username = username }, cancellationToken: ct)), cancellationToken);
        var verdict = Hasher.VerifyHashedPassword(row?.Username ?? "", row?.PasswordHash ?? Decoy.Value, password);
        if (row is not { PasswordHash: { } stored, Active: true } || verdict == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // Stored under an older, weaker format: the password is known now, so it is stored again under the current one. A sign-in
            // that raced this one and changed it first wins (the old hash no longer matches), and so does an administrator's reset.
            await database.InTransactionAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(UpdateHash,
                new { Username = row.Username, Hash = Hasher.HashPassword(row.Username, password), Old = stored }, transaction, cancellationToken: ct)),
                cancellationToken);
        }

        return new Person(row.Username, row.DisplayName, row.Role, row.DepartmentCode);
    }

    /// <summary>
    /// An administrator sets or resets <paramref name="username"/>'s password: stored hashed, the user's open sessions ended, and the
    /// administrative record told who did it and how many sessions ended — never the password. The caller checked the policy
    /// (<see cref="PasswordPolicy"/>).
    /// </summary>
    public Task<AdminOutcome<int>> SetAsync(string username, string password, string actor, CancellationToken cancellationToken) =>
        database.InTransactionAsync<AdminOutcome<int>>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var exists = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "select count(*) from users where username = @Username", new { Username = username }, transaction, cancellationToken: ct));
            if (exists == 0)
            {
                return new AdminOutcome<int>.NotFound($"There is no user {username}.");
            }

            var ended = await ReplaceAsync(connection, transaction, username, password, actor, now, ct);
            await changes.RecordAsync(connection, transaction, AdminChanges.User, username, null, "set-password", null,
                new { password = "(set; not recorded)", sessionsEnded = ended }, actor, now, ct);
            return new AdminOutcome<int>.Done(ended);
        }, cancellationToken, commitWhen: o => o is AdminOutcome<int>.Done);

    /// <summary>
    /// Sets a demo user's password with no administrative record, as <c>demo-tokens</c> issues tokens: for the local demo only
    /// (<c>dotnet Dispatch.Workers.dll demo-passwords</c>, Development).
    /// </summary>
    public Task SetDemoAsync(string username, string password, CancellationToken cancellationToken) =>
        database.InTransactionAsync((connection, transaction, ct) =>
            ReplaceAsync(connection, transaction, username, password, "demo-passwords", clock.GetUtcNow(), ct), cancellationToken);

    /// <summary>A password for the demo: twelve letters and digits that cannot be misread (no 0/o, 1/l/i), in groups of four.</summary>
    public static string NewDemoPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var letters = Enumerable.Range(0, 12).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
        return $"{new string(letters, 0, 4)}-{new string(letters, 4, 4)}-{new string(letters, 8, 4)}";
    }

    /// <returns>How many of the user's sessions it ended.</returns>
    private static async Task<int> ReplaceAsync(DbConnection connection, DbTransaction transaction, string username, string password, string setBy,
        DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(DeletePassword, new { Username = username }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertPassword,
            new { Username = username, Hash = Hasher.HashPassword(username, password), Now = now, SetBy = setBy }, transaction, cancellationToken: ct));
        return await Sessions.EndAllAsync(connection, transaction, username, now, ct);
    }

    // A class with properties, not a positional record: Dapper maps constructor parameters only with exact types.
    private sealed class SignInRow
    {
        public string Username { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Role { get; init; } = "";
        public string? DepartmentCode { get; init; }
        public bool Active { get; init; }
        public string? PasswordHash { get; init; }
    }
}
