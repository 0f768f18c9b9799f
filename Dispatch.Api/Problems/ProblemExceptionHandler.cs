using System.Text.Json;
using Dispatch.Workers.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.Problems;

/// <summary>
/// Turns what escapes an endpoint into RFC 9457 ProblemDetails: a body the JSON reader could not read is
/// the client's mistake (400, naming the field where it can); an unreachable database is 503 with
/// Retry-After; anything else is a 500 that reveals nothing.
/// </summary>
public sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems,
    ISqlDialect dialect,
    ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => JsonProblem(json),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                    _ => "The request could not be read.",
                },
                Detail = bad.Message,
            },
            _ when dialect.IsUnavailable(exception) || exception.InnerException is { } inner && dialect.IsUnavailable(inner) =>
                new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The case database is unavailable.",
                    Detail = "Nothing was recorded. Try again in a few seconds; the service recovers by itself.",
                },
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Something went wrong on our side.",
                Detail = "The request was not completed. It has been logged; quote the traceId when reporting it.",
            };
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogDatabaseDown(logger, exception.Message);
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static HttpValidationProblemDetails JsonProblem(JsonException json)
    {
        var field = FieldOf(json.Path);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [field == "body"
                ? "The body is not valid JSON."
                : "The value has the wrong type or shape for this field, or the field is not part of this request."],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body could not be read.",
        };
    }

    /// <summary>"$.caller.phone" → "caller.phone"; no path → "body".</summary>
    internal static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable: {Reason}")]
    private static partial void LogDatabaseDown(ILogger logger, string reason);
}
