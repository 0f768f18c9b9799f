namespace Dispatch.Api.Access;

/// <summary>
/// The console's two cookies. <see cref="Session"/> holds the session's secret: HttpOnly (no script reads it), SameSite=Strict (no
/// other site's page makes the browser send it), Secure outside Development (never over plain HTTP; the local demo runs on
/// http://127.0.0.1), Path=/, and no expiry: it goes when the browser closes, and the server ends it after the idle timeout or its
/// lifetime anyway. <see cref="Antiforgery"/> holds the session's antiforgery token for the console's script to read and send back
/// in <see cref="AntiforgeryHeader"/>; it is no secret from the page, only from other sites.
/// </summary>
public static class SessionCookies
{
    public const string Session = "dispatch.session";
    public const string Antiforgery = "XSRF-TOKEN";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    public static void Issue(HttpContext context, string secret, string antiforgeryToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(Session, secret, Options(context, httpOnly: true));
        IssueAntiforgery(context, antiforgeryToken);
    }

    public static void IssueAntiforgery(HttpContext context, string antiforgeryToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(Antiforgery, antiforgeryToken, Options(context, httpOnly: false));
    }

    /// <summary>Tells the browser to drop both (signed out, or a session that ended): it stops sending a cookie that no longer works.</summary>
    public static void Clear(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(Session, Options(context, httpOnly: true));
        context.Response.Cookies.Delete(Antiforgery, Options(context, httpOnly: false));
    }

    private static CookieOptions Options(HttpContext context, bool httpOnly) => new()
    {
        HttpOnly = httpOnly,
        SameSite = SameSiteMode.Strict,
        Secure = !context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment(),
        Path = "/",
        IsEssential = true,
    };
}
