using Dapper;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Access;

public sealed record UserDraft(string Username, string DisplayName, string Role, string? DepartmentCode, bool Active);

public sealed class UserView
{
    public string Username { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public string? DepartmentCode { get; init; }
    public bool Active { get; init; }
    public int Version { get; init; }
    public IReadOnlyList<TokenView> Tokens { get; set; } = [];
}

/// <summary>A token as administrators see it: never the token, never its hash.</summary>
public class TokenView
{
    public string Label { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

public sealed record IssuedToken(string Username, string Label, string Token, DateTimeOffset? ExpiresAt);

/// <summary>
/// Users and their tokens as administrators change them, each change with its administrative record in the same
/// transaction. A token is shown once, when issued; the record says who issued it for whom, never the token.
/// Deactivating a user or revoking a token takes effect within <see cref="UserDirectory.CacheFor"/> in every API process.
/// </summary>
public sealed class UserAdministration(Database database, CatalogueStore catalogues, AdminChanges changes, TimeProvider clock)
{
    public Task<IReadOnlyList<UserView>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<UserView>>(async (connection, ct) =>
        {
            var users = (await connection.QueryAsync<UserView>(new CommandDefinition("""
                select username as Username, display_name as DisplayName, role as Role, department_code as DepartmentCode, active as Active, version as Version
                from users order by username
                """, cancellationToken: ct))).ToList();
            var tokens = (await connection.QueryAsync<TokenRow>(new CommandDefinition(
                "select username as Username, label as Label, created_at as CreatedAt, expires_at as ExpiresAt, revoked_at as RevokedAt from user_tokens order by created_at",
                cancellationToken: ct))).ToLookup(t => t.Username);
            foreach (var user in users)
            {
                user.Tokens = [.. tokens[user.Username]];
            }

            return users;
        }, cancellationToken);

    public async Task<AdminOutcome<UserDraft>> SaveAsync(UserDraft draft, int? expectedVersion, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        if (draft.Role == Roles.Handler
            ? draft.DepartmentCode is null || !catalogue.Departments.TryGetValue(draft.DepartmentCode, out var department) || !department.Active
            : draft.DepartmentCode is not null)
        {
            return new AdminOutcome<UserDraft>.Invalid(new Dictionary<string, string[]>
            {
                ["departmentCode"] = [draft.Role == Roles.Handler
                    ? "A handler belongs to an existing, active department."
                    : $"Only handlers belong to a department; a {draft.Role} works for the center."],
            });
        }

        return await database.InTransactionAsync<AdminOutcome<UserDraft>>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var before = await connection.QuerySingleOrDefaultAsync<UserView>(new CommandDefinition("""
                select username as Username, display_name as DisplayName, role as Role, department_code as DepartmentCode, active as Active, version as Version
                from users where username = @Username
                """, new { draft.Username }, transaction, cancellationToken: ct));
            switch (before, expectedVersion)
            {
                case (not null, null):
                    return new AdminOutcome<UserDraft>.Conflict($"{draft.Username} exists already (version {before.Version}); edit it instead.");
                case (null, not null):
                    return new AdminOutcome<UserDraft>.NotFound($"There is no user {draft.Username}.");
                case (not null, not null) when before.Version != expectedVersion:
                    return new AdminOutcome<UserDraft>.Conflict(
                        $"{draft.Username} is at version {before.Version}, not {expectedVersion}: someone changed it meanwhile. Reload it and decide again.");
            }

            await connection.ExecuteAsync(new CommandDefinition(before is null
                ? """
                  insert into users (username, display_name, role, department_code, active, created_at, version)
                  values (@Username, @DisplayName, @Role, @DepartmentCode, @Active, @Now, 1)
                  """
                : """
                  update users set display_name = @DisplayName, role = @Role, department_code = @DepartmentCode, active = @Active, version = version + 1
                  where username = @Username and version = @ExpectedVersion
                  """,
                new { draft.Username, draft.DisplayName, draft.Role, draft.DepartmentCode, draft.Active, Now = now, ExpectedVersion = expectedVersion },
                transaction, cancellationToken: ct));
            await changes.RecordAsync(connection, transaction, AdminChanges.User, draft.Username, (before?.Version ?? 0) + 1,
                before is null ? "create" : "edit", before, draft, actor, now, ct);
            return new AdminOutcome<UserDraft>.Done(draft);
        }, cancellationToken, commitWhen: o => o is AdminOutcome<UserDraft>.Done);
    }

    public Task<AdminOutcome<IssuedToken>> IssueTokenAsync(string username, string label, DateTimeOffset? expiresAt, string actor,
        CancellationToken cancellationToken) =>
        database.InTransactionAsync<AdminOutcome<IssuedToken>>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var active = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
                "select active from users where username = @Username", new { Username = username }, transaction, cancellationToken: ct));
            if (active is not true)
            {
                return active is null
                    ? new AdminOutcome<IssuedToken>.NotFound($"There is no user {username}.")
                    : new AdminOutcome<IssuedToken>.Conflict($"{username} is inactive; activate the user before issuing a token.");
            }

            var token = UserDirectory.NewToken();
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into user_tokens (token_hash, username, label, created_at, expires_at) values (@Hash, @Username, @Label, @Now, @ExpiresAt)
                """, new { Hash = UserDirectory.Hash(token), Username = username, Label = label, Now = now, ExpiresAt = expiresAt },
                transaction, cancellationToken: ct));
            await changes.RecordAsync(connection, transaction, AdminChanges.Token, username, null, "issue", null,
                new { label, expiresAt }, actor, now, ct);
            return new AdminOutcome<IssuedToken>.Done(new IssuedToken(username, label, token, expiresAt));
        }, cancellationToken, commitWhen: o => o is AdminOutcome<IssuedToken>.Done);

    public Task<AdminOutcome<int>> RevokeTokensAsync(string username, string label, string actor, CancellationToken cancellationToken) =>
        database.InTransactionAsync<AdminOutcome<int>>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var revoked = await connection.ExecuteAsync(new CommandDefinition(
                "update user_tokens set revoked_at = @Now where username = @Username and label = @Label and revoked_at is null",
                new { Now = now, Username = username, Label = label }, transaction, cancellationToken: ct));
            if (revoked == 0)
            {
                return new AdminOutcome<int>.NotFound($"{username} has no unrevoked token labelled '{label}'.");
            }

            await changes.RecordAsync(connection, transaction, AdminChanges.Token, username, null, "revoke", new { label }, new { revoked }, actor,
                now, ct);
            return new AdminOutcome<int>.Done(revoked);
        }, cancellationToken, commitWhen: o => o is AdminOutcome<int>.Done);

    private sealed class TokenRow : TokenView
    {
        public string Username { get; init; } = "";
    }
}
