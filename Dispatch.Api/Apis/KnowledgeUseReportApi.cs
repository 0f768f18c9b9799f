using Dispatch.Api.Exports;
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
/// How the knowledge base (知识库) is used: the entries direct answers cite most, the searches that found nothing (what it lacks), and
/// the direct-answer rate (直办率) by category. For the center's supervisors, administrators and
/// knowledge editors (who write what the searches did not find); JSON, or one CSV or XLSX table with a section column.
/// </summary>
public static class KnowledgeUseReportApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapKnowledgeUseReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/knowledge-use", KnowledgeUse).WithName("GetKnowledgeUseReport").WithTags(ApiTags.Reports)
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin, Roles.Editor)).RequireRateLimiting(ExportsPolicy.Name)
            .WithSummary("Knowledge-base use: ?from=&to= local dates (or month=yyyy-MM; the current month by default) &limit=1..100 (20) " +
                         "&format=json|csv|xlsx. The entries cited most, the searches that found nothing, and 直办率 by category with " +
                         "numerator and denominator; definitions included.");
        return app;
    }

    public static async Task<Results<Ok<KnowledgeUseReport>, ExportResult<KnowledgeUseRow>, ValidationProblem>> KnowledgeUse(string? month,
        string? from, string? to, int? limit, string? format, KnowledgeUseStore reports, IOptions<HotlineOptions> hotline, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var zone = hotline.Value.TimeZone;
        var period = ReportsApi.Period(fields, month, from, to, zone, clock);
        if (limit is < 1 or > MaxLimit)
        {
            fields.Fail("limit", $"From 1 to {MaxLimit}.");
        }

        var output = fields.OneOf("format", format, ExportFormats.All, required: false) ?? ExportFormats.Json;
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The report was not run.");
        }

        var report = await reports.ReportAsync(period!, limit ?? DefaultLimit, cancellationToken);
        if (output == ExportFormats.Json)
        {
            return TypedResults.Ok(report);
        }

        var rows = report.MostCited.Select(e => new KnowledgeUseRow("mostCited", e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                e.Title, e.DepartmentCode, e.DepartmentName, e.Citations, null, null, null, null))
            .Concat(report.SearchesWithoutResults.Select(s => new KnowledgeUseRow("searchesWithoutResults", null, s.Query, null, null, s.Searches,
                null, null, null, s.LastSearchedAt)))
            .Concat(report.DirectAnswersByCategory.Append(report.DirectAnswersTotal).Select(c => new KnowledgeUseRow("directAnswers",
                c.CategoryCode ?? "(all)", c.CategoryName, null, null, c.Received, c.Rate.Numerator, c.Rate.Denominator, c.Rate.Value, null)));
        return new ExportResult<KnowledgeUseRow>(output, $"knowledge-use-{report.Period.From:yyyyMMdd}-{report.Period.To:yyyyMMdd}",
        [
            new("section", r => r.Section), new("key", r => r.Key), new("name", r => r.Name), new("department", r => r.Department),
            new("departmentName", r => r.DepartmentName), new("count", r => r.Count), new("numerator", r => r.Numerator),
            new("denominator", r => r.Denominator), new("rate", r => r.Rate), new("lastSearchedAt", r => r.LastSearchedAt),
        ], ReportsApi.AsAsync(rows), zone);
    }
}

/// <summary>
/// One row of the knowledge-use export: its section, and what that section gives — an entry (id, title, department, citations), a
/// query (searches, last searched), or a category (received, closed directly over received).
/// </summary>
public sealed record KnowledgeUseRow(string Section, string? Key, string? Name, string? Department, string? DepartmentName, long Count,
    long? Numerator, long? Denominator, double? Rate, DateTimeOffset? LastSearchedAt);
