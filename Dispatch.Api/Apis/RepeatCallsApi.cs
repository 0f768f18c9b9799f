using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.Intake;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Privacy;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.RepeatCalls;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis;

/// <summary>
/// Repeat calls (重复来电): the cases a call may repeat, found while it is taken or for a filed case, so that a dispatcher merges (并单)
/// rather than dispatches twice; and the caller's history with the repeat-caller flag. See docs/repeat-calls.md.
/// </summary>
public static class RepeatCallsApi
{
    /// <summary>
    /// Who may look for similar cases: the center's roles that take calls or dispatch them. Never a department: a similar case is
    /// found by its caller too, and departments do not see callers. Return-visit agents call back about one case and need none.
    /// </summary>
    public static readonly string[] SimilarCaseRoles = [Roles.Agent, Roles.Dispatcher, Roles.Supervisor, Roles.Admin];

    /// <summary>Who may read a caller's history: the center's roles, as the caller lookup.</summary>
    public static readonly string[] CallerHistoryRoles = [Roles.Agent, Roles.Dispatcher, Roles.Visitor, Roles.Supervisor, Roles.Admin];

    public static IEndpointRouteBuilder MapRepeatCallsApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags(ApiTags.Cases).RequireAuthorization();
        cases.MapPost("/similar", FindSimilarToCall).WithName("FindSimilarCases")
            .RequireAuthorization(p => p.RequireRole(SimilarCaseRoles))
            .WithSummary("The open and recently closed cases the call being taken may repeat, best first, each with its score and the reasons: " +
                         "the intake body of POST /api/cases, validated the same way. Nothing is written.");
        cases.MapGet("/{number}/similar", FindSimilarToCase).WithName("FindCasesSimilarToCase")
            .RequireAuthorization(p => p.RequireRole(SimilarCaseRoles))
            .WithSummary("The open and recently closed cases a filed case may repeat or be repeated by (not itself, not the cases merged into it), " +
                         "best first: what a dispatcher checks before merging (POST /api/cases/{number}/merge).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        // A POST, as the caller lookup, so that the phone travels in the body and never in an access log.
        cases.MapPost("/caller-history", GetCallerHistory).WithName(PersonalDataEndpoints.CallerHistory)
            .RequireAuthorization(p => p.RequireRole(CallerHistoryRoles))
            .WithSummary("A caller's earlier cases, newest first, with how many were filed in the repeat-caller window and whether that makes a " +
                         "repeat caller: {\"phone\": \"13800138000\"} (the center only). Each case listed is recorded in the personal-data access log.");
        return app;
    }

    public static async Task<Results<Ok<SimilarCases>, ValidationProblem>> FindSimilarToCall(
        FileCaseRequest request, CatalogueStore catalogues, SimilarCaseFinder finder, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (draft, errors) = FileCaseValidator.Validate(request, await catalogues.GetAsync(cancellationToken), user.ToActor().ToString());
        if (draft is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Nothing was looked up: some fields are invalid.");
        }

        return TypedResults.Ok(await finder.ForCallAsync(draft, cancellationToken));
    }

    public static async Task<Results<Ok<SimilarCases>, ValidationProblem, ProblemHttpResult>> FindSimilarToCase(
        string number, SimilarCaseFinder finder, CancellationToken cancellationToken)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return CasesApi.MalformedNumber();
        }

        return await finder.ForCaseAsync(number, cancellationToken) is { } found ? TypedResults.Ok(found) : CasesApi.UnknownNumber(number);
    }

    public static async Task<Results<Ok<CallerHistory>, ValidationProblem, ProblemHttpResult>> GetCallerHistory(
        CallerLookupRequest? request, CallerHistoryQuery histories, PersonalDataAccessRecorder accesses, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (request?.Phone is not { Length: > 0 } phone || !FileCaseValidator.IsPhoneNumber(phone))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["phone"] = ["Required: the caller's phone number, as recorded (digits, optionally a leading + and dashes)."],
            }, title: "Nothing was looked up.");
        }

        var history = await histories.ForPhoneAsync(phone, CasesApi.CallerLookupLimit, cancellationToken);
        return await accesses.RecordLookupAsync(user.ToActor(), PersonalDataEndpoints.CallerHistory, history.Cases, cancellationToken) is { } unrecorded
            ? unrecorded
            : TypedResults.Ok(history);
    }
}
