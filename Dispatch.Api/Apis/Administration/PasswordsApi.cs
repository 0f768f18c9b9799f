using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Workers.Access;
using Dispatch.Workers.Administration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>
/// Administrators set and reset people's passwords for the console (a user without one cannot sign in with a password; their bearer
/// tokens are unaffected). Setting one ends the user's open sessions and is recorded in the administrative record, never the password.
/// </summary>
public static class PasswordsApi
{
    public static IEndpointRouteBuilder MapPasswordsApi(this IEndpointRouteBuilder app)
    {
        app.MapAdminGroup("users", ApiTags.Users).MapPut("/{username}/password", Set).WithName("SetUserPassword")
            .WithSummary($"Sets or resets a user's password: {{password}}, at least {PasswordPolicy.MinLength} characters and not the username. " +
                         "Ends the user's open sessions; recorded in the administrative record without the password.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Set(string username, PasswordRequest body,
        Passwords passwords, Sessions sessions, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(http);
        if (PasswordPolicy.Problem(username, body.Password) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [problem] }, title: Title);
        }

        switch (await passwords.SetAsync(username, body.Password!, http.User.ToActor().ToString(), cancellationToken))
        {
            case AdminOutcome<int>.NotFound missing:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Title, detail: missing.What);
            default:
                // Ended in the database; this process forgets them at once, another Api process within seconds (Sessions.RecheckAfter).
                sessions.Forget(username);
                return TypedResults.NoContent();
        }
    }

    private const string Title = "The password was not set.";
}

/// <summary>A user's new password.</summary>
public sealed record PasswordRequest(string? Password);
