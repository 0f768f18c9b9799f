using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Dispatch.Api.OperatorsConsole;

/// <summary>
/// The operators' console (Dispatch.Api/ClientApp, built by Vite into wwwroot) served at <c>/</c>, same origin as the API.
/// Its hashed assets are cached for a year; <c>index.html</c> never, so a new release is picked up at the next load. A path the
/// console routes itself (<c>/desk</c>, <c>/case/261121000424</c>) answers <c>index.html</c>; the API's own paths never do: an
/// unknown <c>/api/…</c> stays a 404.
/// </summary>
public static class ConsoleFiles
{
    /// <summary>The paths that belong to the API and the hosts' probes, never to the console.</summary>
    private static readonly string[] ServerPaths = ["/api", "/openapi", "/metrics", "/health"];

    /// <summary>
    /// What the console's page may load: only itself (no inline script; Element Plus sets inline styles), never inside a frame.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseConsoleFiles(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // Vite names every built asset by its content's hash: a changed file is a new name.
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
    }

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapFallback(ServeIndexAsync).ExcludeFromDescription().DisableRateLimiting();
        return app;
    }

    internal static bool IsServerPath(PathString path) => ServerPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static async Task ServeIndexAsync(HttpContext context)
    {
        var index = context.RequestServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo("index.html");
        if (IsServerPath(context.Request.Path) || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!index.Exists || index is NotFoundFileInfo)
        {
            // The API runs without its console (not built): say how to build it rather than a bare 404.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                "The console is not built. Run deploy/local/up, or `npm ci && npm run build` in Dispatch.Api/ClientApp.", context.RequestAborted);
            return;
        }

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(index, context.RequestAborted);
    }
}
