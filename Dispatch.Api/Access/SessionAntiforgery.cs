using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.Access;

/// <summary>
/// Cross-site request forgery: a POST, PUT, PATCH or DELETE that a session cookie signed in must carry the session's antiforgery token
/// in <c>X-XSRF-TOKEN</c> (the console copies it from the XSRF-TOKEN cookie), or it is refused with 403 before anything is done.
/// SameSite=Strict already keeps other sites' pages from sending the cookie; the token also covers what SameSite does not: a sibling
/// subdomain is the same site, and an old browser may ignore the attribute. The token is bound to the session (an HMAC under its
/// secret, <see cref="Workers.Access.Sessions.AntiforgeryToken"/>), so a token planted by another page, or taken from another
/// session, does not match. A request with a bearer token needs none: no browser adds one by itself.
/// </summary>
public static class SessionAntiforgery
{
    public static IApplicationBuilder UseSessionAntiforgery(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            if (Refusal(context) is { } title)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await AccessProblems.WriteAsync(context, new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = title,
                    Detail = $"A change made with the session cookie must carry the {SessionCookies.AntiforgeryHeader} header, equal to the " +
                             $"{SessionCookies.Antiforgery} cookie this session was given (GET /api/session gives it again). Nothing was done.",
                });
                return;
            }

            await next(context);
        });
    }

    /// <summary>Why the request may not go on (the 403's title), or null when it may.</summary>
    private static string? Refusal(HttpContext context)
    {
        if (context.User.Identity is not { IsAuthenticated: true, AuthenticationType: SessionAuthentication.SchemeName }
            || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        {
            return null;
        }

        var sent = context.Request.Headers[SessionCookies.AntiforgeryHeader].ToString();
        if (sent.Length == 0)
        {
            return $"The {SessionCookies.AntiforgeryHeader} header is missing.";
        }

        var expected = context.Items[SessionAuthentication.AntiforgeryItem] as string ?? "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected))
            ? null
            : $"The {SessionCookies.AntiforgeryHeader} header does not match this session.";
    }
}
