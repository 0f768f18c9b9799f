using Dispatch.Api.Limits;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis;

/// <summary>Cases by the channel they came by (来源渠道), the grid workers' patrol reports among them, for the center.</summary>
public static class ChannelReportApi
{
    public static IEndpointRouteBuilder MapChannelReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/channels", ChannelsReport).WithName("GetChannelReport").WithTags(ApiTags.Reports)
            .RequireAuthorization(p => p.RequireRole(Roles.Center)).RequireRateLimiting(ExportsPolicy.Name)
            .WithSummary("Cases per channel (center roles): ?from=&to= local dates (or month=yyyy-MM; the current month by default). For every " +
                         "channel, grid-patrol among them, its count and its share of the period's cases.");
        return app;
    }

    public static async Task<Results<Ok<ChannelReport>, ValidationProblem>> ChannelsReport(string? month, string? from, string? to,
        GridReportStore reports, IOptions<HotlineOptions> hotline, TimeProvider clock, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var period = ReportsApi.Period(fields, month, from, to, hotline.Value.TimeZone, clock);
        return fields.Ok
            ? TypedResults.Ok(await reports.ChannelsAsync(period!, cancellationToken))
            : TypedResults.ValidationProblem(fields.Errors, title: "The report was not run.");
    }
}
