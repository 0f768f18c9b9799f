using System.ComponentModel;
using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.Lists;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.Apis;

/// <summary>A department's inbox: its cases and its sub-units', lead, handling or assisting.</summary>
public static class InboxApi
{
    public static IEndpointRouteBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/inbox", GetInbox).WithName("GetInbox").WithTags(ApiTags.Cases).RequireAuthorization(p => p.RequireRole(Roles.Handler))
            .WithSummary("My department's cases (and my sub-units'): ?status=&categoryCode=&urgency=&dueWithinHours=&page=1&pageSize=20. " +
                         "Open cases by default, nearest deadline first, each with its deadlineState (on-time, warned, overdue). " +
                         "Poll with If-None-Match: an unchanged page is 304.")
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }

    public static async Task<Results<Ok<CasePage>, StatusCodeHttpResult, ValidationProblem>> GetInbox(
        string? status, string? categoryCode, string? urgency, int? dueWithinHours, int? page, int? pageSize,
        [FromHeader(Name = PageETag.IfNoneMatchHeader), Description(PageETag.IfNoneMatchDescription)] string? ifNoneMatch,
        CaseQueries cases, CatalogueStore catalogues, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var filter = Filter(fields, status, categoryCode, urgency, dueWithinHours, page, pageSize);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors);
        }

        var actor = user.ToActor();
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var mine = catalogue.Departments.Keys.Where(d => catalogue.IsDepartmentWithin(d, actor.DepartmentCode!)).ToList();
        var inbox = await cases.InboxAsync(mine, filter, cancellationToken);
        return PageETag.NotModified(http, inbox, ifNoneMatch) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(inbox);
    }

    /// <summary>The filters every list of cases takes (the inbox, the center's list), each refused by name when out of range.</summary>
    internal static InboxFilter Filter(Fields fields, string? status, string? categoryCode, string? urgency, int? dueWithinHours, int? page,
        int? pageSize)
    {
        fields.OneOf("status", status, [.. CaseStates.All.Select(s => s.ToWire())], required: false);
        fields.OneOf("urgency", urgency, Urgencies.All, required: false);
        if (categoryCode is not null && (categoryCode.Length is 0 or > 12 || !categoryCode.All(char.IsAsciiDigit)))
        {
            fields.Fail("categoryCode", "A category code or the start of one (digits, e.g. 01 or 0102).");
        }

        if (dueWithinHours is < 0 or > 24 * 90)
        {
            fields.Fail("dueWithinHours", "From 0 (overdue only) to 2160 hours.");
        }

        if (page is < 1 or > 100_000)
        {
            fields.Fail("page", "From 1.");
        }

        if (pageSize is < 1 or > 100)
        {
            fields.Fail("pageSize", "From 1 to 100.");
        }

        return new InboxFilter(status, categoryCode, urgency, page ?? 1, pageSize ?? 20, dueWithinHours);
    }
}
