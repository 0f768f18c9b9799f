using System.ComponentModel;
using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Grid;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis;

/// <summary>
/// The grid workers' (网格员) patrol reports (巡查上报): a case filed from the field in the worker's grid, with the photos staged first,
/// routed like any case or closed on the spot (就地办结); and the list of them. See docs/grid.md.
/// </summary>
public static class GridApi
{
    public const int DescriptionMaxLength = 4000;

    public static IEndpointRouteBuilder MapGridApi(this IEndpointRouteBuilder app)
    {
        var grid = app.MapGroup("/api/grid").WithTags(ApiTags.Grid);
        grid.MapPost("/patrol-reports", FileReport).WithName("FilePatrolReport")
            .RequireAuthorization(p => p.RequireRole(Roles.Handler))
            .WithSummary("巡查上报 (grid workers only): a case from the field in your grid — requestType, categoryCode, description, address, latitude " +
                         "and longitude (WGS-84), attachmentIds (at least one photo, staged with POST /api/attachments). Answers 201 with the case, " +
                         "channel grid-patrol: routed like any case, or with resolvedOnSpot and a resolution closed on the spot (就地办结) at once. " +
                         "An Idempotency-Key makes a retry answer the case the first attempt filed (200).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        grid.MapGet("/patrol-reports", ListReports).WithName("ListPatrolReports")
            .RequireAuthorization(p => p.RequireRole([.. Roles.Center, Roles.Handler]))
            .WithSummary("Patrol reports, newest first: a grid worker's own, every grid station's for the center. ?from=&to= (local dates, " +
                         "both or neither) &page=1&pageSize=20.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    // The person and the whole report: a retry of the same report under the same key files nothing twice.
    private static string Hash(Actor actor, PatrolReport report) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            actor + "\n" + PatrolReporting.Operation + "\n" + System.Text.Json.JsonSerializer.Serialize(report))));

    public static async Task<Results<Created<CaseView>, Ok<CaseView>, ValidationProblem, ProblemHttpResult>> FileReport(PatrolReportRequest body,
        [FromHeader(Name = CasesApi.IdempotencyKeyHeader), Description(CasesApi.IdempotencyKeyDescription)] string? idempotencyKey,
        PatrolReporting reporting, CatalogueStore catalogues, CaseViews views, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var actor = user.ToActor();
        if (idempotencyKey is not null && !CasesApi.IsValidIdempotencyKey(idempotencyKey))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [CasesApi.IdempotencyKeyHeader] = ["1 to 100 visible ASCII characters, e.g. a UUID."] },
                title: "The Idempotency-Key header is malformed.");
        }

        var catalogue = await catalogues.GetAsync(cancellationToken);
        if (PatrolReporting.GridOf(actor, catalogue) is null)
        {
            return NotAGridWorker();
        }

        var fields = new Fields();
        var requestType = fields.OneOf("requestType", body.RequestType, RequestTypes.All, required: true);
        var category = fields.Code("categoryCode", body.CategoryCode, required: true);
        if (category is not null && (!catalogue.Categories.TryGetValue(category, out var known) || !known.Active))
        {
            fields.Fail("categoryCode", $"'{Fields.Shorten(category)}' is not a category in use (see GET /api/categories).");
        }

        var description = fields.Text("description", body.Description, DescriptionMaxLength, required: true, allowLineBreaks: true);
        var address = fields.Text("address", body.Address, Intake.FileCaseValidator.AddressMaxLength, required: false, allowLineBreaks: false);
        var (latitude, longitude) = Coordinates.Validate(fields, body.Latitude, body.Longitude);
        var photos = fields.FileIds("attachmentIds", body.AttachmentIds, PatrolReporting.MaxPhotos,
            "the id of a photo you uploaded for the report (as POST /api/attachments answered it)");
        if (body.AttachmentIds is null or { Count: 0 })
        {
            fields.Fail("attachmentIds", "Required: at least one photo of what you found, staged first (POST /api/attachments).");
        }

        if (body.ResolvedOnSpot is null)
        {
            fields.Fail("resolvedOnSpot", "Required: true when you resolved it there (就地办结), false to have it routed.");
        }

        var resolution = fields.Text("resolution", body.Resolution, CaseActionsApi.ReplyMaxLength, required: body.ResolvedOnSpot == true,
            allowLineBreaks: true);
        if (body.ResolvedOnSpot == false && !string.IsNullOrEmpty(body.Resolution))
        {
            fields.Fail("resolution", "Only a report resolved on the spot (resolvedOnSpot: true) has a resolution; the department replies to a routed one.");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "Nothing was filed: some fields are invalid.");
        }

        var report = new PatrolReport(requestType!, category!, description!, string.IsNullOrEmpty(address) ? null : address, latitude, longitude,
            photos, body.ResolvedOnSpot!.Value, resolution);
        var claim = idempotencyKey is null ? null : new IdempotencyClaim(idempotencyKey, Hash(actor, report));
        switch (await reporting.FileAsync(report, actor, catalogue, claim, cancellationToken))
        {
            case FileOutcome.Created created:
                Dispatch.Workers.Hosting.DispatchMetrics.CasesFiled.Add(1);
                return TypedResults.Created($"/api/cases/{created.Case.Number}", await views.ViewAsync(created.Case, actor, cancellationToken));
            case FileOutcome.Forbidden:
                return NotAGridWorker();
            case FileOutcome.Invalid invalid:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Problem] },
                    title: "Nothing was filed: the report cannot be filed as asked.");
            case FileOutcome.Replayed replayed:
                return TypedResults.Ok(await views.ViewAsync(replayed.Case, actor, cancellationToken));
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "This Idempotency-Key was already used for a different report.",
                    detail: "Use a new key for a new report; reuse a key only to retry exactly the same report.");
        }
    }

    public static async Task<Results<Ok<PatrolReportPage>, ValidationProblem, ProblemHttpResult>> ListReports(
        [Description("The first local date (yyyy-MM-dd) of the period; with to.")] string? from,
        [Description("The last local date of the period; with from.")] string? to,
        int? page, int? pageSize, PatrolReportQueries reports, CatalogueStore catalogues, IOptions<HotlineOptions> hotline, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        string? station = null;
        if (!actor.IsCenter)
        {
            if (PatrolReporting.GridOf(actor, await catalogues.GetAsync(cancellationToken)) is not { } grid)
            {
                return NotAGridWorker();
            }

            station = grid.Station;
        }

        var fields = new Fields();
        var period = from is null && to is null ? null : ReportsApi.Period(fields, null, from, to, hotline.Value.TimeZone, clock);
        if (page is < 1 or > 100_000)
        {
            fields.Fail("page", "From 1.");
        }

        if (pageSize is < 1 or > 100)
        {
            fields.Fail("pageSize", "From 1 to 100.");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "Nothing was listed: some parameters are invalid.");
        }

        return TypedResults.Ok(await reports.ListAsync(station, station is null ? null : actor.ToString(),
            period?.Start ?? new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), period?.End ?? new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero),
            page ?? 1, pageSize ?? 20, cancellationToken));
    }

    private static ProblemHttpResult NotAGridWorker() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Only a grid worker (网格员) files and lists their patrol reports.",
        detail: "A grid worker is a handler of a grid station (department kind grid-station) tied to its grid; nothing was done.");
}

/// <summary>
/// 巡查上报: what and where (WGS-84), the photos staged first (at least one), and whether it was resolved on the spot — then what was done.
/// </summary>
public sealed record PatrolReportRequest(
    string? RequestType,
    string? CategoryCode,
    string? Description,
    string? Address,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<Guid?>? AttachmentIds,
    bool? ResolvedOnSpot,
    string? Resolution);
