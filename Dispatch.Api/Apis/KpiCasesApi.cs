using System.Globalization;
using System.Security.Claims;
using Dispatch.Api.Limits;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis;

/// <summary>
/// The cases behind a figure of the KPI report, so that no number on the supervision screens is a dead end: the numerator or the
/// denominator of any figure, in any cell (department, the center's row, street, community, category subtree, request type, channel,
/// day), over the same period and scope, counted and listed with the very conditions the report sums. Paged by an opaque cursor.
/// </summary>
public static class KpiCasesApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The byDepartment value of the center's row, whose department key is null.</summary>
    public const string CenterRow = "none";

    public static IEndpointRouteBuilder MapKpiCasesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/kpi/cases", ListKpiCases).WithName("ListKpiCases").WithTags(ApiTags.Reports)
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Handler)).RequireRateLimiting(ExportsPolicy.Name)
            .WithSummary("The cases behind a KPI figure: ?figure= (any key of the definitions) &part=numerator|denominator &month= (or from=&to=) " +
                         "&street= &department= and the cell: &byDepartment= (none: the center's row) &byStreet= &byCommunity= &byCategory= " +
                         "&byRequestType= &byChannel= &byDay=yyyy-MM-dd; &limit=1..200 (50) &cursor=. The total is the report's figure for the cell.");
        return app;
    }

    public static async Task<Results<Ok<KpiCases>, ValidationProblem>> ListKpiCases(string? figure, string? part, string? month, string? from,
        string? to, string? street, string? department, string? byDepartment, string? byStreet, string? byCommunity, string? byCategory,
        string? byRequestType, string? byChannel, string? byDay, int? limit, string? cursor, ReportStore reports, CatalogueStore catalogues,
        IOptions<HotlineOptions> hotline, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var zone = hotline.Value.TimeZone;
        var period = ReportsApi.Period(fields, month, from, to, zone, clock);
        var scope = await ReportsApi.ScopeAsync(fields, street, department, user, catalogues, cancellationToken);
        var key = fields.OneOf("figure", figure, KpiFigures.Keys, required: true);
        var counted = fields.OneOf("part", part, KpiParts.All, required: false) ?? KpiParts.Numerator;
        if (key is not null && counted == KpiParts.Denominator && KpiFigures.KindOf(key) == "count")
        {
            fields.Fail("part", $"'{key}' is a count: it has no denominator.");
        }

        var catalogue = await catalogues.GetAsync(cancellationToken);
        var cell = Cell(fields, catalogue, period, byDepartment, byStreet, byCommunity, byCategory, byRequestType, byChannel, byDay);
        if (limit is < 1 or > MaxLimit)
        {
            fields.Fail("limit", $"From 1 to {MaxLimit}.");
        }

        var after = cursor is null ? null : KpiCaseCursor.Decode(cursor);
        if (cursor is not null && after is null)
        {
            fields.Fail("cursor", "Not a cursor this list gave (use nextCursor as it came).");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The cases were not listed.");
        }

        return TypedResults.Ok(await reports.KpiCasesAsync(period!, scope!, key!, counted, cell!, limit ?? DefaultLimit, after, cancellationToken));
    }

    /// <summary>The cell's filters, each checked against the catalogue (or the lists of request types and channels, or the period).</summary>
    private static KpiCellFilter? Cell(Fields fields, Catalogue catalogue, ReportPeriod? period, string? byDepartment, string? byStreet,
        string? byCommunity, string? byCategory, string? byRequestType, string? byChannel, string? byDay)
    {
        var departmentCode = fields.Code("byDepartment", byDepartment, required: false);
        if (departmentCode is not null and not CenterRow && !catalogue.Departments.ContainsKey(departmentCode))
        {
            fields.Fail("byDepartment", $"'{Fields.Shorten(departmentCode)}' is not a department code (or {CenterRow}: the center's row).");
        }

        var streetCode = fields.Code("byStreet", byStreet, required: false);
        if (streetCode is not null && !catalogue.IsArea(streetCode, AreaLevels.Street))
        {
            fields.Fail("byStreet", $"'{Fields.Shorten(streetCode)}' is not a street's area code.");
        }

        var communityCode = fields.Code("byCommunity", byCommunity, required: false);
        if (communityCode is not null && !catalogue.IsArea(communityCode, AreaLevels.Community))
        {
            fields.Fail("byCommunity", $"'{Fields.Shorten(communityCode)}' is not a community's area code.");
        }

        var categoryCode = fields.Code("byCategory", byCategory, required: false);
        if (categoryCode is not null && !catalogue.Categories.ContainsKey(categoryCode))
        {
            fields.Fail("byCategory", $"'{Fields.Shorten(categoryCode)}' is not a category code.");
        }

        var requestType = fields.OneOf("byRequestType", byRequestType, RequestTypes.All, required: false);
        var channel = fields.OneOf("byChannel", byChannel, Channels.All, required: false);
        DateOnly? day = null;
        if (byDay is not null)
        {
            day = fields.LocalDate("byDay", byDay);
            if (day is { } d && period is not null && (d < period.From || d > period.To))
            {
                fields.Fail("byDay", $"A day of the period, {period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}.");
            }
        }

        return fields.Ok
            ? new KpiCellFilter(departmentCode is CenterRow ? null : departmentCode, departmentCode is CenterRow, streetCode, communityCode,
                categoryCode, requestType, channel, day)
            : null;
    }
}
