using System.Text.Encodings.Web;
using Dispatch.Api.Limits;
using Dispatch.Workers.Access;
using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Access;

/// <summary>
/// The <c>dispatch.session</c> cookie a person gets at sign-in (POST /api/session), checked against the session it names in the
/// database (<see cref="Sessions"/>): signed out, idle past <see cref="UserSessionOptions.IdleTimeout"/>, past its lifetime or of an
/// inactive user is 401, and the answer tells the browser to drop the cookies. A cookie that names no session at all spends its
/// address's failed sign-ins (<see cref="SignInThrottle"/>) like a made-up token. A state-changing request must also carry the
/// session's antiforgery token (<see cref="SessionAntiforgery"/>), which this handler leaves for it in the request's items.
/// </summary>
public sealed class SessionAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Sessions sessions,
    SignInThrottle throttle) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";

    /// <summary>Where the handler leaves the session's antiforgery token for <see cref="SessionAntiforgery"/>.</summary>
    internal const string AntiforgeryItem = "Dispatch.SessionAntiforgery";

    /// <summary>Where it leaves the session's secret, for signing out.</summary>
    internal const string SecretItem = "Dispatch.SessionSecret";

    private string? _failure;
    private bool _ended;
    private TimeSpan? _throttledFor;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // As for tokens: an endpoint that needs no signed-in user (health, sign-in itself) does not look the session up.
        var secret = Request.Cookies[SessionCookies.Session];
        if (string.IsNullOrEmpty(secret) || Context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null)
        {
            return AuthenticateResult.NoResult();
        }

        var address = ClientAddress.Of(Context);
        var wellFormed = Sessions.LooksLikeSecret(secret);
        // A session this process read moments ago still works from a throttled address: the colleagues behind one office's NAT keep
        // working while a console there sends a stale cookie.
        if (!(wellFormed && sessions.Recalls(secret, out var issued) && issued) && throttle.WaitFor(address) is { } wait)
        {
            _throttledFor = wait;
            DispatchMetrics.RequestsLimited.Add(1, new KeyValuePair<string, object?>("limit", "failed-sign-ins"));
            return AuthenticateResult.Fail("Too many failed sign-ins from this address.");
        }

        var state = wellFormed ? await sessions.CheckAsync(secret, Context.RequestAborted) : null;
        switch (state)
        {
            case null:
                throttle.Failed(address);
                _ended = true;
                return Fail("The session cookie names no session: sign in again (POST /api/session).");
            case SessionState.Ended ended:
                _ended = true;
                return Fail(ended.Why);
        }

        var person = ((SessionState.Open)state).Person;
        Context.Items[AntiforgeryItem] = Sessions.AntiforgeryToken(secret);
        Context.Items[SecretItem] = secret;
        return PersonTicket.Success(person.Username, person.Role, person.DepartmentCode, SchemeName);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_throttledFor is { } wait)
        {
            await TooManyRequests.WriteAsync(Context, wait, "Too many failed sign-ins.",
                "Requests from your address have sent more tokens, cookies or passwords that are not valid than this service checks; " +
                "until the budget refills, none from it is checked.");
            return;
        }

        if (_ended)
        {
            SessionCookies.Clear(Context);
        }

        await AccessProblems.SignInFirstAsync(Context,
            _failure ?? "Sign in with POST /api/session (a person at the console), or send 'Authorization: Bearer <token>' (an integration).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AccessProblems.RoleRefusedAsync(Context);

    private AuthenticateResult Fail(string reason)
    {
        _failure = reason;
        return AuthenticateResult.Fail(reason);
    }
}
