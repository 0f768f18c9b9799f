using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.Access;

/// <summary>The 401 and 403 answers both ways of signing in give (a bearer token, a session cookie), as ProblemDetails.</summary>
internal static class AccessProblems
{
    public const string SignInFirst = "Sign in first.";

    public static Task SignInFirstAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        // A bearer token is what a client without a browser sends; a browser signs in with POST /api/session. Bearer, not Basic: no
        // browser shows a password dialog for it.
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return WriteAsync(context, new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = SignInFirst, Detail = detail });
    }

    public static Task RoleRefusedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Your role may not do this.",
            Detail = $"You are signed in as {context.User.Identity?.Name} ({context.User.FindFirstValue(ClaimTypes.Role)}).",
        });
    }

    public static Task WriteAsync(HttpContext context, ProblemDetails problem) =>
        context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem })
            .AsTask();
}
