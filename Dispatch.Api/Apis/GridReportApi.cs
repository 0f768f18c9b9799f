using Dispatch.Api.Limits;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis;

/// <summary>
/// The grid level (网格) for the center: per grid station, cases forwarded to it, patrol reports, those resolved on the spot and their
/// share, cases verified on site. See docs/grid.md.
/// </summary>
public static class GridReportApi
{
    public static IEndpointRouteBuilder MapGridReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/grid", Grid).WithName("GetGridReport").WithTags(ApiTags.Reports)
            .RequireAuthorization(p => p.RequireRole(Roles.Center)).RequireRateLimiting(ExportsPolicy.Name)
            .WithSummary("The grid report (center roles): ?from=&to= local dates (or month=yyyy-MM; the current month by default). Per grid station: " +
                         "cases forwarded to it, patrol reports, resolved on the spot (就地办结) with their share, verified on site (上门核实); " +
                         "definitions included.");
        return app;
    }

    public static async Task<Results<Ok<GridReport>, ValidationProblem>> Grid(string? month, string? from, string? to, GridReportStore reports,
        IOptions<HotlineOptions> hotline, TimeProvider clock, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var period = ReportsApi.Period(fields, month, from, to, hotline.Value.TimeZone, clock);
        return fields.Ok
            ? TypedResults.Ok(await reports.GridAsync(period!, cancellationToken))
            : TypedResults.ValidationProblem(fields.Errors, title: "The report was not run.");
    }
}
