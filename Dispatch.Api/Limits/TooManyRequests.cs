using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.Limits;

/// <summary>The 429 answer every limit gives: a ProblemDetails body saying which limit and when, and Retry-After in seconds.</summary>
public static class TooManyRequests
{
    public static async Task WriteAsync(HttpContext context, TimeSpan retryAfter, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = title,
                Detail = string.Create(CultureInfo.InvariantCulture, $"{detail} Try again in {seconds} s."),
            },
        });
    }
}
