using Dispatch.Workers.Administration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>
/// What an administrative change answers: 201 with a location for a new thing, 200 for a change to one that exists, 400 with the
/// reasons per field, 404 for a thing that is not there, 409 for a stale version or a thing that exists already.
/// </summary>
internal static class AdminAnswers
{
    public static Results<Created<T>, ValidationProblem, ProblemHttpResult> Created<T>(AdminOutcome<T> outcome, Func<T, string> location, string title) =>
        outcome switch
        {
            AdminOutcome<T>.Done done => TypedResults.Created(location(done.Value), done.Value),
            AdminOutcome<T>.Invalid invalid => TypedResults.ValidationProblem(invalid.Problems, title: title),
            _ => Refused(outcome, title),
        };

    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Changed<T>(AdminOutcome<T> outcome, string title) =>
        outcome switch
        {
            AdminOutcome<T>.Done done => TypedResults.Ok(done.Value),
            AdminOutcome<T>.Invalid invalid => TypedResults.ValidationProblem(invalid.Problems, title: title),
            _ => Refused(outcome, title),
        };

    private static ProblemHttpResult Refused<T>(AdminOutcome<T> outcome, string title) =>
        outcome switch
        {
            AdminOutcome<T>.NotFound missing => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: missing.What),
            AdminOutcome<T>.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: conflict.Reason),
            _ => throw new InvalidOperationException($"Unexpected {outcome}."),
        };
}
