using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Dispatch.Api.OperatorsConsole;

/// <summary>
/// The operators' console (Dispatch.Api/ClientApp, built by Vite into wwwroot) served at <c>/</c>, same origin as the API.
/// Its hashed assets are cached for a year; <c>index.html</c> never, so a new release is picked up at the next load. A path the
/// console routes itself (<c>/desk</c>, <c>/case/261121000424</c>) answers <c>index.html</c>; the API's own paths never do: an
/// unknown <c>/api/…</c> stays a 404.
/// The console's routes are answered by middleware once routing has found no endpoint, not by a fallback endpoint: a fallback
/// is a candidate for every path, so when the router turns an API endpoint down on its method or content type it picks the
/// fallback instead of answering 405 or 415 (a POST without a JSON body then got the console's 404, not the API's 400).
/// </summary>
public static class ConsoleFiles
{
    /// <summary>The paths that belong to the API and the hosts' probes, never to the console.</summary>
    private static readonly string[] ServerPaths = ["/api", "/openapi", "/metrics", "/health"];

    /// <summary>
    /// What the console's page may load: only itself (no inline script; Element Plus sets inline styles), never inside a frame.
    /// Photos and recordings of a case are read through the API with the session and shown from <c>blob:</c> URLs the page made
    /// itself (docs/console.md, "Files"): hence <c>blob:</c> for images and media, and nothing else.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseConsoleFiles(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStaticFiles(new StaticFileOptions
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

        // Routing has run (WebApplication routes first): no endpoint means no API path matched this request at all.
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is null && IsConsoleRoute(context.Request))
            {
                await ServeIndexAsync(context);
                return;
            }

            await next(context);
        });
    }

    /// <summary>A page the console routes itself: read, outside the API's and probes' paths, and not a file name.</summary>
    internal static bool IsConsoleRoute(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !IsServerPath(request.Path)
        && !Path.HasExtension(request.Path.Value);

    internal static bool IsServerPath(PathString path) => ServerPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static async Task ServeIndexAsync(HttpContext context)
    {
        var index = context.RequestServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo("index.html");
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
