using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>A user's bearer tokens (admin role): issued with a label and shown once; revoked by label, effective within 30 s everywhere.</summary>
public static class TokensApi
{
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
}

public sealed record TokenRequest(string? Label, DateTimeOffset? ExpiresAt);
