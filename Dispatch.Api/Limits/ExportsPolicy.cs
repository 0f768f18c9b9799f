using System.Threading.RateLimiting;
using Dispatch.Api.Exports;
using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Limits;

/// <summary>
/// At most <see cref="RateLimitOptions.ConcurrentExportsPerUser"/> CSV or XLSX exports per user at once: each holds a database
/// connection and a reader for as long as it streams. A permit is held until the last byte is written; the next export is refused
/// at once (429), not queued. The same endpoints answering JSON are not counted.
/// </summary>
public sealed class ExportsPolicy(IOptions<RateLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "exports";

    private const string NotAnExport = "";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        var limits = options.Value;
        DispatchMetrics.RequestsLimited.Add(1, new KeyValuePair<string, object?>("limit", "exports"));
        await TooManyRequests.WriteAsync(context.HttpContext, limits.ExportRetryAfter, "Too many exports at once.",
            $"You may run {limits.ConcurrentExportsPerUser} exports at a time and all of them are still running.");
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return IsFileExport(httpContext.Request) && httpContext.User.Identity is { IsAuthenticated: true, Name: { } user }
            ? RateLimitPartition.GetConcurrencyLimiter("user:" + user,
                _ => new ConcurrencyLimiterOptions { PermitLimit = options.Value.ConcurrentExportsPerUser, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(NotAnExport);
    }

    private static bool IsFileExport(HttpRequest request) => ExportFormats.Files.Contains(request.Query["format"].ToString(), StringComparer.Ordinal);
}
