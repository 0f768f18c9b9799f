using System.Globalization;
using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.Exports;
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
/// Supervisors' reports: KPI by one or two dimensions, the monthly ranking, the live views, hotspots, and the
/// case list. Every report is JSON by default and a streamed CSV or XLSX with ?format=. A department handler
/// gets the same reports over the cases led by their department and its sub-units.
/// </summary>
public static class ReportsApi
{
    private static readonly string[] ReportRoles = [Roles.Supervisor, Roles.Handler];

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags(ApiTags.Reports).RequireAuthorization(p => p.RequireRole(ReportRoles))
            .RequireRateLimiting(ExportsPolicy.Name);
        reports.MapGet("/kpi", Kpi).WithName("GetKpiReport").ProducesExports()
            .WithSummary("KPI report: ?month=yyyy-MM (or from=&to= local dates) &groupBy=department|street|category|requestType|channel|day[,second] " +
                         "&categoryLevel=1..3 &street= &department= &format=json|csv|xlsx. Every rate with numerator and denominator; definitions included.");
        reports.MapGet("/ranking", RankingReport).WithName("GetRankingReport").ProducesExports()
            .WithSummary("Monthly ranking of departments on the weighted 响应率/解决率/满意率: ?month=yyyy-MM&format=.");
        reports.MapGet("/live", Live).WithName("GetLiveView").ProducesExports()
            .WithSummary("Overdue now and breaching within ?withinWorkingHours=N (default 4), per department; returns and extension requests waiting; " +
                         "&street= &department= narrow it.");
        reports.MapGet("/hotspots", HotspotReport).WithName("GetHotspotReport").ProducesExports()
            .WithSummary("Counts by category × area, and the fastest-growing categories against the previous period of the same length: " +
                         "?month= (or from=&to=) &categoryLevel=1..3 &areaLevel=street|community &street= &department= &format=.");
        reports.MapGet("/definitions", Definitions).WithName("GetReportDefinitions").WithSummary("What every figure counts.");
        app.MapGet("/api/cases/export", ExportCases).WithName("ExportCases")
            .Produces<Stream>(StatusCodes.Status200OK, ExportFormats.CsvContentType, ExportFormats.XlsxContentType)
            .WithTags(ApiTags.Reports).RequireAuthorization(p => p.RequireRole(ReportRoles))
            .RequireRateLimiting(ExportsPolicy.Name).WithRequestTimeout(RequestLimits.ExportTimeout)
            .WithSummary("The case list of a period as CSV or XLSX, streamed: ?month= (or from=&to=) &status= &street= &department= &format=csv|xlsx. " +
                         "No caller details.");
        return app;
    }

    public static Ok<IReadOnlyList<Definition>> Definitions() => TypedResults.Ok(KpiDefinitions.All);

    public static async Task<Results<Ok<KpiReport>, ExportResult<KpiRow>, ValidationProblem>> Kpi(string? month, string? from, string? to,
        string? groupBy, int? categoryLevel, string? street, string? department, string? format, ReportStore reports, CatalogueStore catalogues,
        IOptions<HotlineOptions> hotline, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var zone = hotline.Value.TimeZone;
        var period = Period(fields, month, from, to, zone, clock);
        var dimensions = GroupBy(fields, groupBy);
        var level = CategoryLevel(fields, categoryLevel);
        var scope = await ScopeAsync(fields, street, department, user, catalogues, cancellationToken);
        var output = fields.OneOf("format", format, ExportFormats.All, required: false) ?? ExportFormats.Json;
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The report was not run.");
        }

        var report = await reports.KpiAsync(period!, dimensions!, level, scope!, cancellationToken);
        if (output == ExportFormats.Json)
        {
            return TypedResults.Ok(report);
        }

        var columns = new List<Column<KpiRow>>();
        foreach (var dimension in report.GroupBy)
        {
            columns.Add(new(dimension, r => r.Keys.GetValueOrDefault(dimension) ?? "(none)"));
            columns.Add(new($"{dimension}Name", r => r.Labels.GetValueOrDefault(dimension)));
        }

        var sample = report.Total;
        columns.AddRange(sample.Counts.Keys.Select(k => new Column<KpiRow>(k, r => r.Counts[k])));
        foreach (var rate in sample.Rates.Keys)
        {
            columns.Add(new($"{rate}Numerator", r => r.Rates[rate].Numerator));
            columns.Add(new($"{rate}Denominator", r => r.Rates[rate].Denominator));
            columns.Add(new($"{rate}Rate", r => r.Rates[rate].Value));
        }

        columns.AddRange(sample.WorkingHours.Keys.Select(k => new Column<KpiRow>($"{k}Hours", r => r.WorkingHours[k])));
        return new ExportResult<KpiRow>(output, $"kpi-{report.Period.From:yyyyMMdd}-{report.Period.To:yyyyMMdd}-{string.Join("-", report.GroupBy)}",
            columns, AsAsync([.. report.Rows, report.Total]), zone);
    }

    public static async Task<Results<Ok<Ranking>, ExportResult<RankingEntry>, ValidationProblem>> RankingReport(string? month, string? format,
        ReportStore reports, IOptions<HotlineOptions> hotline, TimeProvider clock, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var zone = hotline.Value.TimeZone;
        var period = Period(fields, month ?? LocalMonth(clock, zone), null, null, zone, clock);
        var output = fields.OneOf("format", format, ExportFormats.All, required: false) ?? ExportFormats.Json;
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The ranking was not run.");
        }

        var ranking = await reports.RankingAsync(period!, cancellationToken);
        if (output == ExportFormats.Json)
        {
            return TypedResults.Ok(ranking);
        }

        return new ExportResult<RankingEntry>(output, $"ranking-{period!.From:yyyyMM}",
        [
            new("rank", e => e.Rank == 0 ? null : e.Rank), new("department", e => e.Department), new("name", e => e.Name),
            new("dispatched", e => e.Dispatched), new("score", e => e.Score),
            new("responseNumerator", e => e.Response.Numerator), new("responseDenominator", e => e.Response.Denominator), new("responseRate", e => e.Response.Value),
            new("resolutionNumerator", e => e.Resolution.Numerator), new("resolutionDenominator", e => e.Resolution.Denominator),
            new("resolutionRate", e => e.Resolution.Value),
            new("satisfactionNumerator", e => e.Satisfaction.Numerator), new("satisfactionDenominator", e => e.Satisfaction.Denominator),
            new("satisfactionRate", e => e.Satisfaction.Value),
            new("notRankedBecause", e => e.NotRankedBecause),
        ], AsAsync(ranking.Departments), zone);
    }

    public static async Task<Results<Ok<LiveView>, ExportResult<LiveRow>, ValidationProblem>> Live(double? withinWorkingHours, string? street,
        string? department, string? format, ReportStore reports, CatalogueStore catalogues, IOptions<HotlineOptions> hotline, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var scope = await ScopeAsync(fields, street, department, user, catalogues, cancellationToken);
        if (withinWorkingHours is { } hours && (double.IsNaN(hours) || hours is < 0 or > 24 * 30))
        {
            fields.Fail("withinWorkingHours", "From 0 to 720 working hours.");
        }

        var output = fields.OneOf("format", format, ExportFormats.All, required: false) ?? ExportFormats.Json;
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The live view was not run.");
        }

        var view = await reports.LiveAsync(withinWorkingHours ?? 4, scope!, cancellationToken);
        if (output == ExportFormats.Json)
        {
            return TypedResults.Ok(view);
        }

        var rows = view.Overdue.SelectMany(d => d.Cases.Select(c => new LiveRow("overdue", c)))
            .Concat(view.BreachingSoon.SelectMany(d => d.Cases.Select(c => new LiveRow("breaching-soon", c))))
            .Concat(view.ReturnsWaiting.Select(c => new LiveRow("return-waiting", c)))
            .Concat(view.ExtensionsWaiting.Select(c => new LiveRow("extension-waiting", c)));
        return new ExportResult<LiveRow>(output, "live",
        [
            new("list", r => r.List), new("number", r => r.Case.Number), new("title", r => r.Case.Title), new("status", r => r.Case.Status),
            new("department", r => r.Case.DepartmentCode), new("handlingDepartment", r => r.Case.HandlingDepartmentCode),
            new("category", r => r.Case.CategoryCode), new("urgency", r => r.Case.Urgency), new("dueAt", r => r.Case.DueAt),
            new("extensionUntil", r => r.Case.ExtensionUntil), new("since", r => r.Case.Since),
        ], AsAsync(rows), hotline.Value.TimeZone);
    }

    public static async Task<Results<Ok<Hotspots>, ExportResult<HotspotCell>, ValidationProblem>> HotspotReport(string? month, string? from,
        string? to, int? categoryLevel, string? areaLevel, string? street, string? department, string? format, ReportStore reports,
        CatalogueStore catalogues, IOptions<HotlineOptions> hotline, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var zone = hotline.Value.TimeZone;
        var period = Period(fields, month, from, to, zone, clock);
        var level = CategoryLevel(fields, categoryLevel);
        var scope = await ScopeAsync(fields, street, department, user, catalogues, cancellationToken);
        var area = fields.OneOf("areaLevel", areaLevel, [AreaLevels.Street, AreaLevels.Community], required: false) ?? AreaLevels.Street;
        var output = fields.OneOf("format", format, ExportFormats.All, required: false) ?? ExportFormats.Json;
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The hotspot report was not run.");
        }

        var hotspots = await reports.HotspotsAsync(period!, period!.Previous(zone), level, area, scope!, cancellationToken);
        if (output == ExportFormats.Json)
        {
            return TypedResults.Ok(hotspots);
        }

        return new ExportResult<HotspotCell>(output, $"hotspots-{period.From:yyyyMMdd}-{period.To:yyyyMMdd}",
        [
            new("category", c => c.Category), new("categoryName", c => c.CategoryName), new("area", c => c.Area ?? "(none)"),
            new("areaName", c => c.AreaName), new("count", c => c.Count),
        ], AsAsync(hotspots.Cells), zone);
    }

    public static async Task<Results<ExportResult<CaseListRow>, ValidationProblem>> ExportCases(string? month, string? from, string? to,
        string? status, string? street, string? department, string? format, ReportStore reports, CatalogueStore catalogues,
        IOptions<HotlineOptions> hotline, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var zone = hotline.Value.TimeZone;
        var period = Period(fields, month, from, to, zone, clock);
        var state = fields.OneOf("status", status, [.. CaseStates.All.Select(s => s.ToWire())], required: false);
        var scope = await ScopeAsync(fields, street, department, user, catalogues, cancellationToken);
        var output = fields.OneOf("format", format, ExportFormats.Files, required: true);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The export was not run.");
        }

        var catalogue = await catalogues.GetAsync(cancellationToken);
        string? Name(string? code) => code is null ? null
            : catalogue.Departments.GetValueOrDefault(code)?.Name ?? catalogue.Areas.GetValueOrDefault(code)?.Name ?? catalogue.Categories.GetValueOrDefault(code)?.Name;
        var rows = reports.CaseListAsync(period!, state, scope!, cancellationToken);
        return new ExportResult<CaseListRow>(output!, $"cases-{period!.From:yyyyMMdd}-{period.To:yyyyMMdd}",
        [
            new("number", r => r.Number), new("filedAt", r => r.FiledAt), new("status", r => r.Status), new("requestType", r => r.RequestType),
            new("category", r => r.CategoryCode), new("categoryName", r => Name(r.CategoryCode)), new("channel", r => r.Channel),
            new("urgency", r => r.Urgency), new("street", r => r.StreetCode), new("streetName", r => Name(r.StreetCode)),
            new("community", r => r.CommunityCode), new("department", r => r.DepartmentCode), new("departmentName", r => Name(r.DepartmentCode)),
            new("title", r => r.Title), new("dispatchedAt", r => r.DispatchedAt), new("signedAt", r => r.SignedAt), new("repliedAt", r => r.RepliedAt),
            new("closedAt", r => r.ClosedAt), new("closeOutcome", r => r.CloseOutcome), new("signOffOverdueAt", r => r.SignOffOverdueAt),
            new("replyOverdueAt", r => r.ReplyOverdueAt), new("returns", r => r.Returns), new("redos", r => r.Redos),
        ], rows, zone);
    }

    /// <summary>?month=yyyy-MM, or ?from=&amp;to= (local dates, both inclusive, at most 366 days); the current month by default.</summary>
    internal static ReportPeriod? Period(Fields fields, string? month, string? from, string? to, TimeZoneInfo zone, TimeProvider clock)
    {
        if (month is not null && (from is not null || to is not null))
        {
            fields.Fail("month", "Give a month, or from and to; not both.");
            return null;
        }

        if (from is null && to is null)
        {
            month ??= LocalMonth(clock, zone);
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
                || first.Year is < 2000 or > 2100)
            {
                fields.Fail("month", "A month, yyyy-MM, from 2000 to 2100.");
                return null;
            }

            return ReportPeriod.Month(first.Year, first.Month, zone);
        }

        var start = fields.LocalDate("from", from, "from and to go together");
        var end = fields.LocalDate("to", to, "from and to go together");
        if (start is null || end is null)
        {
            return null;
        }

        if (end < start)
        {
            fields.Fail("to", "On or after from.");
            return null;
        }

        if (end.Value.DayNumber - start.Value.DayNumber >= 366)
        {
            fields.Fail("to", "A period is at most 366 days.");
            return null;
        }

        return ReportPeriod.Of(start.Value, end.Value, zone);
    }

    internal static string LocalMonth(TimeProvider clock, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static List<string>? GroupBy(Fields fields, string? groupBy)
    {
        var dimensions = (groupBy ?? ReportDimensions.Department).Split(',', StringSplitOptions.TrimEntries);
        if (dimensions.Length is 0 or > 2 || dimensions.Any(d => !ReportDimensions.All.Contains(d)) || dimensions.Distinct().Count() != dimensions.Length)
        {
            fields.Fail("groupBy", $"One or two different dimensions, comma-separated, of: {string.Join(", ", ReportDimensions.All)}.");
            return null;
        }

        return [.. dimensions];
    }

    internal static int CategoryLevel(Fields fields, int? level)
    {
        if (level is < 1 or > 3)
        {
            fields.Fail("categoryLevel", "1, 2 or 3.");
        }

        return level ?? 1;
    }

    /// <summary>
    /// The cases a report covers: <paramref name="street"/> (a street's area code) narrows it to one street; <paramref name="department"/>
    /// to a department and its sub-units. A handler sees its own department and sub-units only, intersected with the chosen one.
    /// Unknown codes, or an area that is not a street, fail the field; null then.
    /// </summary>
    internal static async Task<ReportScope?> ScopeAsync(Fields fields, string? street, string? department, ClaimsPrincipal user,
        CatalogueStore catalogues, CancellationToken cancellationToken)
    {
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var streetCode = fields.Code("street", street, required: false);
        if (streetCode is not null && !catalogue.IsArea(streetCode, AreaLevels.Street))
        {
            fields.Fail("street", $"'{Fields.Shorten(streetCode)}' is not a street's area code.");
            streetCode = null;
        }

        var departmentCode = fields.Code("department", department, required: false);
        if (departmentCode is not null && !catalogue.Departments.ContainsKey(departmentCode))
        {
            fields.Fail("department", $"'{Fields.Shorten(departmentCode)}' is not a department code.");
            return null;
        }

        var actor = user.ToActor();
        IReadOnlyList<string>? departments = actor.IsCenter ? null
            : actor.HandlingDepartmentCode is { } own ? [.. catalogue.Departments.Keys.Where(d => catalogue.IsDepartmentWithin(d, own))]
            : [];
        if (departmentCode is not null)
        {
            departments = [.. catalogue.Departments.Keys.Where(d => catalogue.IsDepartmentWithin(d, departmentCode)
                && (departments is null || departments.Contains(d, StringComparer.Ordinal))).Order(StringComparer.Ordinal)];
        }

        return fields.Ok ? new ReportScope(departments, streetCode) : null;
    }

    internal static async IAsyncEnumerable<T> AsAsync<T>(IEnumerable<T> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }

        await Task.CompletedTask;
    }
}

public sealed record LiveRow(string List, LiveCase Case);
