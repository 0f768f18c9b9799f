using System.Security.Claims;
using System.Text.Encodings.Web;
using Dispatch.Workers.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Access;

/// <summary>
/// <c>Authorization: Bearer dsp_…</c>: a per-user token looked up by its hash (see <see cref="UserDirectory"/>).
/// No token is 401; an unknown, expired or revoked one is 401 with the reason; a role that may not call an
/// endpoint is 403. Both answer with ProblemDetails.
/// </summary>
public sealed class BearerTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserDirectory users,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string DepartmentClaim = "department";

    private string? _failure;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // An endpoint that requires no authorization (health, OpenAPI) does not need to know who calls: no token
        // lookup, so liveness never depends on the database.
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header) || Context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || !UserDirectory.LooksLikeToken(header[7..].Trim()))
        {
            return Fail("The Authorization header is not 'Bearer dsp_…'.");
        }

        var actor = await users.FindByTokenAsync(header[7..].Trim(), Context.RequestAborted);
        if (actor is null)
        {
            return Fail("The token is unknown, expired or revoked.");
        }

        List<Claim> claims = [new(ClaimTypes.Name, actor.Username), new(ClaimTypes.Role, actor.Role)];
        if (actor.DepartmentCode is { } department)
        {
            claims.Add(new Claim(DepartmentClaim, department));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Sign in first.",
                Detail = _failure ?? "Send 'Authorization: Bearer <token>' (see the README for the demo users' tokens).",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Your role may not do this.",
                Detail = $"You are signed in as {Context.User.Identity?.Name} ({Context.User.FindFirstValue(ClaimTypes.Role)}).",
            },
        });
    }

    private AuthenticateResult Fail(string reason)
    {
        _failure = reason;
        return AuthenticateResult.Fail(reason);
    }
}

public static class CurrentUser
{
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new Actor(
            user.Identity?.Name ?? throw new InvalidOperationException("Not signed in."),
            user.FindFirstValue(ClaimTypes.Role)!,
            user.FindFirstValue(BearerTokenAuthentication.DepartmentClaim));
    }
}
