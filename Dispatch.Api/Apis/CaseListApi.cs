using System.ComponentModel;
using Dispatch.Api.Lists;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.Apis;

/// <summary>
/// The center's lists of cases, whichever department has them: the dispatcher's queues (filed cases waiting for dispatch, returns to
/// review, extension requests to answer), the return-visit agent's resolved cases, a supervisor's view of what is overdue.
/// </summary>
public static class CaseListApi
{
    private static readonly HashSet<string> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "status", "categoryCode", "urgency", "dueWithinHours", "pendingExtension", "leadDepartmentCode", "page", "pageSize",
    };

    public static IEndpointRouteBuilder MapCaseListApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cases", List).WithName("ListCases").WithTags(ApiTags.Cases)
            .RequireAuthorization(p => p.RequireRole(Roles.Center))
            .WithSummary("The center's list of cases (center roles): ?status=&categoryCode=&urgency=&dueWithinHours=&pendingExtension=&" +
                         "leadDepartmentCode=&page=1&pageSize=20. Open cases by default, nearest deadline first, then the longest unchanged; " +
                         "each with its deadlineState. Queues: status=filed (to dispatch), status=returned (returns to review), " +
                         "pendingExtension=true (extension requests), status=resolved (return visits). Poll with If-None-Match: an unchanged page is 304.")
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }

    public static async Task<Results<Ok<CasePage>, StatusCodeHttpResult, ValidationProblem>> List(
        string? status, string? categoryCode, string? urgency, int? dueWithinHours,
        [Description("true: only cases with an extension request waiting for the center; false: only those without.")] bool? pendingExtension,
        [Description("Only cases whose lead department is this one.")] string? leadDepartmentCode,
        int? page, int? pageSize,
        [FromHeader(Name = PageETag.IfNoneMatchHeader), Description(PageETag.IfNoneMatchDescription)] string? ifNoneMatch,
        CaseQueries cases, HttpContext http, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        // An unknown parameter is refused, not ignored: a caller's phone in a query string (callerPhone=…) ends up in proxies' access
        // logs, and a misspelt filter would silently list everything.
        foreach (var unknown in http.Request.Query.Keys.Where(k => !Parameters.Contains(k)))
        {
            fields.Fail(unknown, $"Not a parameter of this list ({string.Join(", ", Parameters)}). A caller's earlier cases are POST /api/cases/caller-lookup.");
        }

        var filter = InboxApi.Filter(fields, status, categoryCode, urgency, dueWithinHours, page, pageSize) with
        {
            PendingExtension = pendingExtension,
            LeadDepartmentCode = fields.Code("leadDepartmentCode", leadDepartmentCode, required: false),
        };
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors);
        }

        var list = await cases.ListAsync(filter, cancellationToken);
        return PageETag.NotModified(http, list, ifNoneMatch) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(list);
    }
}
