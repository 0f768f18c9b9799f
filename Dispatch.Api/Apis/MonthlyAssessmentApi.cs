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
/// The monthly assessment (月度考核通报) the printable page shows: the ranking, the red list (红榜) and the black list (黑榜), each
/// department's figures and the total, for the center's supervisors. The month before the current one by default: a month is
/// assessed once it is over.
/// </summary>
public static class MonthlyAssessmentApi
{
    public static IEndpointRouteBuilder MapMonthlyAssessmentApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/monthly-assessment", GetMonthlyAssessment).WithName("GetMonthlyAssessment").WithTags(ApiTags.Reports)
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor)).RequireRateLimiting(ExportsPolicy.Name)
            .WithSummary("The monthly assessment (月度考核通报): ?month=yyyy-MM (default: last month). The ranking, the red and black lists " +
                         "(Reports:HonourListSize each; unranked departments on neither), every department's KPI row with the center's, the total.");
        return app;
    }

    public static async Task<Results<Ok<MonthlyAssessment>, ValidationProblem>> GetMonthlyAssessment(string? month, ReportStore reports,
        IOptions<HotlineOptions> hotline, TimeProvider clock, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var zone = hotline.Value.TimeZone;
        var lastMonth = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).AddMonths(-1)
            .ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var period = ReportsApi.Period(fields, month ?? lastMonth, null, null, zone, clock);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The assessment was not run.");
        }

        return TypedResults.Ok(await reports.MonthlyAssessmentAsync(period!, cancellationToken));
    }
}
