using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>
/// Users as administrators edit them (admin role): role, department, active; and each user's bearer tokens: issued with a label and
/// shown once, revoked by label. Deactivating a user or revoking a token takes effect within 30 s everywhere.
/// </summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapAdminGroup("users", ApiTags.Users);
        users.MapGet("/", List).WithName("ListUsers")
            .WithSummary("Users with their tokens' labels and dates (never a token).");
        users.MapPost("/", Create).WithName("CreateUser")
            .WithSummary("Adds a user: {username, displayName, role, departmentCode (handlers only), active}.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        users.MapPut("/{username}", Edit).WithName("EditUser")
            .WithSummary("A new version of a user (same body without the username, with the version it was edited from).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapAdminGroup("users/{username}/tokens", ApiTags.Tokens);
        tokens.MapPost("/", Issue).WithName("IssueToken")
            .WithSummary("Issues a token {label, expiresAt}; the answer is the only time it is shown.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tokens.MapDelete("/{label}", Revoke).WithName("RevokeTokens")
            .WithSummary("Revokes the user's tokens with that label (effective within 30 s everywhere); answers how many were revoked.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<UserView>>> List(UserAdministration admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    public static async Task<Results<Created<UserDraft>, ValidationProblem, ProblemHttpResult>> Create(UserRequest body,
        UserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, fields.Code("username", body.Username, required: true, maxLength: 64), body);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Created(await admin.SaveAsync(draft!, null, user.ToActor().ToString(), cancellationToken),
            u => $"/api/admin/users/{u.Username}", Title);
    }

    public static async Task<Results<Ok<UserDraft>, ValidationProblem, ProblemHttpResult>> Edit(string username, UserRequest body,
        UserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, username, body);
        var version = fields.Version(body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Changed(await admin.SaveAsync(draft!, version, user.ToActor().ToString(), cancellationToken), Title);
    }

    public static async Task<Results<Created<IssuedToken>, ValidationProblem, ProblemHttpResult>> Issue(string username, TokenRequest body,
        UserAdministration admin, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        const string title = "No token was issued.";
        var fields = new Fields();
        var label = fields.Text("label", body.Label, 100, required: true, allowLineBreaks: false);
        if (body.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
        {
            fields.Fail("expiresAt", "In the future (or leave it out for a token that does not expire).");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: title);
        }

        // A token has no address of its own: the location is its user's, whose list shows the new label.
        return AdminAnswers.Created(await admin.IssueTokenAsync(username, label!, body.ExpiresAt?.ToUniversalTime(), user.ToActor().ToString(), cancellationToken),
            t => $"/api/admin/users/{t.Username}", title);
    }

    public static async Task<Results<Ok<int>, ProblemHttpResult>> Revoke(string username, string label,
        UserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await admin.RevokeTokensAsync(username, label, user.ToActor().ToString(), cancellationToken) switch
        {
            Workers.Administration.AdminOutcome<int>.Done done => TypedResults.Ok(done.Value),
            Workers.Administration.AdminOutcome<int>.NotFound missing =>
                TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No token was revoked.", detail: missing.What),
            var other => throw new InvalidOperationException($"Unexpected {other}."),
        };

    private const string Title = "The user was not saved.";

    private static UserDraft? Draft(Fields fields, string? username, UserRequest body)
    {
        var name = fields.Text("displayName", body.DisplayName, 100, required: true, allowLineBreaks: false);
        var role = fields.OneOf("role", body.Role, Roles.All, required: true);
        var department = fields.Code("departmentCode", body.DepartmentCode, required: false);
        return username is null || name is null || role is null ? null : new UserDraft(username, name, role, department, body.Active ?? true);
    }
}

public sealed record UserRequest(string? Username, int? Version, string? DisplayName, string? Role, string? DepartmentCode, bool? Active);

public sealed record TokenRequest(string? Label, DateTimeOffset? ExpiresAt);
