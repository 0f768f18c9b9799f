using System.Security.Claims;
using System.Text.Encodings.Web;
using Dispatch.Api.Limits;
using Dispatch.Workers.Access;
using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Access;

/// <summary>
/// <c>Authorization: Bearer dsp_…</c>: a per-user token looked up by its hash (see <see cref="UserDirectory"/>).
/// No token is 401; an unknown, expired or revoked one is 401 with the reason; a role that may not call an
/// endpoint is 403. Both answer with ProblemDetails. Each token that fails spends its client address's budget of failed
/// sign-ins (<see cref="SignInThrottle"/>); once it is spent, tokens from that address are not looked up but answered 429.
/// </summary>
public sealed class BearerTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserDirectory users,
    SignInThrottle throttle) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string DepartmentClaim = "department";

    private string? _failure;
    private TimeSpan? _throttledFor;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // An endpoint that requires no authorization (health, metrics) does not need to know who calls: no token
        // lookup, so liveness never depends on the database.
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header) || Context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null)
        {
            return AuthenticateResult.NoResult();
        }

        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var wellFormed = token is not null && UserDirectory.LooksLikeToken(token);
        Actor? actor = null;
        var recalled = wellFormed && users.TryRecall(token!, out actor);
        var address = ClientAddress.Of(Context);
        // A token this process accepted moments ago still works from a throttled address: behind one office's NAT, a colleague's
        // stale token must not lock everyone out.
        if (!(recalled && actor is not null) && throttle.WaitFor(address) is { } wait)
        {
            _throttledFor = wait;
            DispatchMetrics.RequestsLimited.Add(1, new KeyValuePair<string, object?>("limit", "failed-sign-ins"));
            return AuthenticateResult.Fail("Too many failed sign-ins from this address.");
        }

        if (!wellFormed)
        {
            return Fail(address, "The Authorization header is not 'Bearer dsp_…'.");
        }

        if (!recalled)
        {
            actor = await users.LookUpAsync(token!, Context.RequestAborted);
        }

        if (actor is null)
        {
            return Fail(address, "The token is unknown, expired or revoked.");
        }

        return PersonTicket.Success(actor.Username, actor.Role, actor.DepartmentCode, SchemeName);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_throttledFor is { } wait)
        {
            await TooManyRequests.WriteAsync(Context, wait, "Too many failed sign-ins.",
                "Requests from your address have sent more tokens that are not valid than this service checks; until the budget " +
                "refills, no token from it is checked.");
            return;
        }

        await AccessProblems.SignInFirstAsync(Context,
            _failure ?? "Send 'Authorization: Bearer <token>' (see the README for the demo users' tokens), or sign in with POST /api/session.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AccessProblems.RoleRefusedAsync(Context);

    private AuthenticateResult Fail(string address, string reason)
    {
        throttle.Failed(address);
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
