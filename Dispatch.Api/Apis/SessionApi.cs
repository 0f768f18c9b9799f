using System.Globalization;
using Dispatch.Api.Access;
using Dispatch.Api.Limits;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis;

/// <summary>
/// Signing in at the console: a username and password give a session cookie (and its antiforgery token), GET says who is signed in,
/// DELETE signs out. Bearer tokens stay what integrations use; both work on every endpoint. See docs/access.md.
/// </summary>
public static class SessionApi
{
    public const string WrongCredentials = "Wrong username or password.";

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/session", SignIn).WithName("SignIn").WithTags(ApiTags.Session).AllowAnonymous()
            .WithSummary("Sign in with {username, password}: sets the dispatch.session cookie (HttpOnly) and the XSRF-TOKEN cookie whose value " +
                         "every later POST, PUT, PATCH and DELETE sends back in X-XSRF-TOKEN. A wrong username and a wrong password get the same " +
                         "401; repeated failures 429.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        app.MapGet("/api/session", Current).WithName("GetSession").WithTags(ApiTags.Session).RequireAuthorization()
            .WithSummary("Who is signed in (by session or by bearer token); with a session, the XSRF-TOKEN cookie is set again.");
        app.MapDelete("/api/session", SignOut).WithName("SignOut").WithTags(ApiTags.Session).RequireAuthorization()
            .WithSummary("Signs out: the session ends in the database (a copy of its cookie stops working too) and both cookies are cleared. " +
                         "A bearer token has no session: nothing changes for it.");
        return app;
    }

    public static async Task<Results<Ok<SessionUser>, ValidationProblem, ProblemHttpResult>> SignIn(SignInRequest body, HttpContext http,
        Passwords passwords, Sessions sessions, SignInThrottle throttle, CatalogueStore catalogues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(http);
        var fields = new Fields();
        var username = fields.Text("username", body.Username, 64, required: true, allowLineBreaks: false);
        if (string.IsNullOrEmpty(body.Password))
        {
            fields.Fail("password", "Required.");
        }
        else if (body.Password.Length > PasswordPolicy.MaxLength)
        {
            fields.Fail("password", $"At most {PasswordPolicy.MaxLength} characters: no password is longer.");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "Not signed in: some fields are invalid.");
        }

        var address = ClientAddress.Of(http);
        if ((throttle.WaitFor(address) ?? throttle.PasswordWaitFor(username!)) is { } wait)
        {
            DispatchMetrics.RequestsLimited.Add(1, new KeyValuePair<string, object?>("limit", "failed-sign-ins"));
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins.",
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"Too many wrong passwords were sent from your address or for this username; no password is checked until the budget refills. Try again in {seconds} s."));
        }

        if (await passwords.CheckAsync(username!, body.Password!, cancellationToken) is not { } person)
        {
            throttle.Failed(address);
            throttle.WrongPassword(username!);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: WrongCredentials,
                detail: "Check both and try again; after repeated failures sign-in is refused for a while. An administrator sets and resets passwords.");
        }

        // The browser may still hold someone's session (a shared desk where the last agent did not sign out): that one ends here.
        if (http.Request.Cookies[SessionCookies.Session] is { } previous && Sessions.LooksLikeSecret(previous))
        {
            await sessions.EndAsync(previous, cancellationToken);
        }

        var started = await sessions.StartAsync(person.Username, cancellationToken);
        SessionCookies.Issue(http, started.Secret, started.AntiforgeryToken);
        return TypedResults.Ok(SessionUser.For(person, await catalogues.GetAsync(cancellationToken)));
    }

    public static async Task<Results<Ok<SessionUser>, ProblemHttpResult>> Current(HttpContext http, UserDirectory users, CatalogueStore catalogues,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (await users.PersonAsync(http.User.ToActor().Username, cancellationToken) is not { } person)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: AccessProblems.SignInFirst, detail: "Your user no longer exists.");
        }

        if (http.Items[SessionAuthentication.AntiforgeryItem] is string antiforgeryToken)
        {
            // A console that lost its XSRF-TOKEN cookie (cleared by hand, another tab's sign-out and sign-in) gets it back here.
            SessionCookies.IssueAntiforgery(http, antiforgeryToken);
        }

        // The role and department the request was signed in with, which is what it may do: a change made since reaches a session
        // within seconds and a token within 30 s, and until then this answer says what holds.
        var actor = http.User.ToActor();
        return TypedResults.Ok(SessionUser.For(person with { Role = actor.Role, DepartmentCode = actor.DepartmentCode }, await catalogues.GetAsync(cancellationToken)));
    }

    public static async Task<NoContent> SignOut(HttpContext http, Sessions sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items[SessionAuthentication.SecretItem] is string secret)
        {
            await sessions.EndAsync(secret, cancellationToken);
            SessionCookies.Clear(http);
        }

        return TypedResults.NoContent();
    }
}

/// <summary>A username and password, for signing in at the console.</summary>
public sealed record SignInRequest(string? Username, string? Password);

/// <summary>Who is signed in: their name, role and department (null for the center's roles).</summary>
public sealed record SessionUser(string Username, string DisplayName, string Role, string? DepartmentCode, string? DepartmentName)
{
    /// <summary>The department's kind (department, street-office, community, grid-station, center); null without a department.</summary>
    [System.ComponentModel.Description("The kind of the person's department: center, department, street-office, community or grid-station; null without one.")]
    public string? DepartmentKind { get; init; }

    /// <summary>A grid worker (网格员): a handler of a grid station. The console opens the grid worker's screen for them.</summary>
    [System.ComponentModel.Description("True for a grid worker (网格员): a handler whose department is a grid station (kind grid-station). " +
                                       "They verify on site and file patrol reports (POST /api/grid/patrol-reports).")]
    public bool GridWorker { get; init; }

    /// <summary>A grid worker's grid (an area of level grid): where their patrol reports are filed.</summary>
    [System.ComponentModel.Description("A grid worker's grid (an area code of level grid, see GET /api/areas); null for everyone else.")]
    public string? GridAreaCode { get; init; }

    public static SessionUser For(Person person, Dispatch.Workers.Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(catalogue);
        var department = person.DepartmentCode is { } code ? catalogue.Departments.GetValueOrDefault(code) : null;
        var gridWorker = person.Role == Roles.Handler && department is { IsGridStation: true };
        return new SessionUser(person.Username, person.DisplayName, person.Role, person.DepartmentCode, department?.Name)
        {
            DepartmentKind = department?.Kind,
            GridWorker = gridWorker,
            GridAreaCode = gridWorker ? department!.AreaCode : null,
        };
    }
}
