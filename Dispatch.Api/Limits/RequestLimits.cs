using System.Globalization;
using System.Threading.RateLimiting;
using Dispatch.Api.Access;
using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Limits;

/// <summary>
/// The limits on what one caller may ask of the Api, on ASP.NET Core's own rate limiting and request timeouts middleware: requests
/// per user or per address, failed sign-ins per address, concurrent exports per user, and how long a request may run.
/// </summary>
public static class RequestLimits
{
    /// <summary>The timeout policy of the streamed case export.</summary>
    public const string ExportTimeout = "exports";

    /// <summary>A request stopped by its time limit is asked to come back after this: what the database-outage answer says too.</summary>
    public static readonly TimeSpan RetryAfterTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RequestTimeoutsOptions>().BindConfiguration(RequestTimeoutsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();

        // A singleton the container disposes with the host: the limiter runs a timer that refills its buckets.
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            return PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.Identity is { IsAuthenticated: true, Name: { } user }
                    ? RateLimitPartition.GetTokenBucketLimiter("user:" + user, _ => limits.PerUser.ToLimiterOptions())
                    : RateLimitPartition.GetTokenBucketLimiter("address:" + ClientAddress.Of(context), _ => limits.PerAddress.ToLimiterOptions()));
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, PartitionedRateLimiter<HttpContext>>((o, options, perCaller) =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = perCaller;
            o.OnRejected = (context, _) => new ValueTask(Refuse(context, options.Value));
            o.AddPolicy<string, ExportsPolicy>(ExportsPolicy.Name);
        });

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<RequestTimeoutsOptions>>((o, options) =>
        {
            o.DefaultPolicy = StopAfter(options.Value.Default);
            o.AddPolicy(ExportTimeout, StopAfter(options.Value.Exports));
        });
        return services;
    }

    private static Task Refuse(OnRejectedContext context, RateLimitOptions limits)
    {
        var http = context.HttpContext;
        var user = http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        var budget = user is null ? limits.PerAddress : limits.PerUser;
        DispatchMetrics.RequestsLimited.Add(1, new KeyValuePair<string, object?>("limit", user is null ? "per-address" : "per-user"));
        return TooManyRequests.WriteAsync(http, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : budget.Period,
            "Too many requests.",
            user is null
                ? $"Your address has sent more requests without a valid token than this service takes: {budget.Describe()}."
                : $"You ({user}) have sent more requests than one user may: {budget.Describe()}.");
    }

    /// <summary>
    /// 503 with Retry-After rather than the middleware's 504: 504 says a gateway gave up on the server behind it, which is what a proxy
    /// in front of us answers when we are slow; this is the service itself declining to go on, like its answer when the database is
    /// down, and clients already retry a 503 after Retry-After. A change the request carried may have been committed, so the answer
    /// says so and points to the Idempotency-Key.
    /// </summary>
    private static RequestTimeoutPolicy StopAfter(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        WriteTimeoutResponse = async context =>
        {
            DispatchMetrics.RequestsTimedOut.Add(1);
            context.Response.Headers.RetryAfter = ((int)RetryAfterTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The request took too long and was stopped.",
                    Detail = string.Create(CultureInfo.InvariantCulture, $"It ran for its limit of {timeout.TotalSeconds:0.###} s. ") +
                             "A change it carried may or may not have been recorded: send it again with the same Idempotency-Key, " +
                             "or read the case before repeating it.",
                },
            });
        },
    };
}
