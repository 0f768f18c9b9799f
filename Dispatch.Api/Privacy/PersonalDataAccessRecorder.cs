using Dispatch.Api.Apis;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Privacy;

/// <summary>
/// Lets an answer show a caller's identity only once the access is recorded (<see cref="PersonalDataAccessLog"/>). The row is written
/// in the request, before the answer, never after it or in the background: a disclosure the log does not hold cannot be proven or
/// traced, while a refused answer can simply be asked again. So when the row cannot be written the answer is a 503 instead.
/// </summary>
public sealed partial class PersonalDataAccessRecorder(
    PersonalDataAccessLog log,
    IHttpContextAccessor http,
    ILogger<PersonalDataAccessRecorder> logger)
{
    /// <summary>
    /// Records the access when <paramref name="shown"/> identifies its caller (a masked or an absent caller is no access). Null: the answer
    /// may be given; else the 503 to give instead, with <paramref name="unrecordedDetail"/> (what did or did not happen) as its detail.
    /// </summary>
    public Task<ProblemHttpResult?> RecordAsync(Actor actor, string endpoint, CaseView shown, string unrecordedDetail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shown);
        return CaseAccess.IdentifiesCaller(new Caller(shown.Caller.Name, shown.Caller.Phone, shown.Caller.Confidential))
            ? RecordAsync(actor, endpoint, [shown.Number], null, unrecordedDetail, cancellationToken)
            : Task.FromResult<ProblemHttpResult?>(null);
    }

    /// <summary>
    /// Records that <paramref name="actor"/> is sent a citizen's own file (an attachment whose origin is the caller) of case
    /// <paramref name="number"/>. Null: the file may be sent; else the 503 to give instead.
    /// </summary>
    public Task<ProblemHttpResult?> RecordCaseAsync(Actor actor, string endpoint, string number, string unrecordedDetail, CancellationToken cancellationToken) =>
        RecordAsync(actor, endpoint, [number], null, unrecordedDetail, cancellationToken);

    /// <summary>
    /// Records a caller lookup: every case its answer lists is tied to the phone asked about. Nothing listed, nothing recorded.
    /// </summary>
    public Task<ProblemHttpResult?> RecordLookupAsync(Actor actor, IReadOnlyList<CaseSummary> listed, CancellationToken cancellationToken) =>
        RecordLookupAsync(actor, PersonalDataEndpoints.LookUpCaller, listed, cancellationToken);

    /// <summary>Records a lookup by phone through <paramref name="endpoint"/> (the caller lookup, or the caller history) as above.</summary>
    public Task<ProblemHttpResult?> RecordLookupAsync(Actor actor, string endpoint, IReadOnlyList<CaseSummary> listed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listed);
        return RecordAsync(actor, endpoint, [.. listed.Select(c => c.Number)], listed.Count,
            "Nothing was shown. Try again in a few seconds.", cancellationToken);
    }

    private async Task<ProblemHttpResult?> RecordAsync(Actor actor, string endpoint, IReadOnlyCollection<string> numbers, int? casesShown,
        string unrecordedDetail, CancellationToken cancellationToken)
    {
        try
        {
            await log.RecordAsync(actor, endpoint, numbers, casesShown, cancellationToken);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnrecorded(logger, e, endpoint, actor.ToString());
            if (http.HttpContext is { } context)
            {
                context.Response.Headers.RetryAfter = "5";
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The caller's identity cannot be shown now: the access could not be recorded.", detail: unrecordedDetail);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A personal-data access through {Endpoint} by {Actor} could not be recorded; the answer was refused")]
    private static partial void LogUnrecorded(ILogger logger, Exception exception, string endpoint, string actor);
}
