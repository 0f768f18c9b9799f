using Dispatch.Api.Access;
using Dispatch.Api.Apis;
using Dispatch.Api.Apis.Administration;
using Dispatch.Api.Apis.Knowledge;
using Dispatch.Api.OperatorsConsole;
using Dispatch.Api.Limits;
using Dispatch.Api.OpenApi;
using Dispatch.Workers.Hosting;

namespace Dispatch.Api;

/// <summary>The hotline's HTTP API: intake, case reads, reference lists. OpenAPI at /openapi/v1.json.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["probe", var url])
        {
            return await HealthProbe.RunAsync(url);
        }

        var builder = WebApplication.CreateBuilder(args);
        builder.AddApplicationServices();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The console's files, before the limits and sign-in: a page load is not an API call.
        app.UseConsoleFiles();
        // Before authentication, so that the token lookup counts against the request's time too.
        app.UseRequestTimeouts();
        app.UseAuthentication();
        // After authentication: signed-in calls are counted per user, the rest per address.
        app.UseRateLimiter();
        app.UseAuthorization();
        // A change made with the session cookie carries the session's antiforgery token (X-XSRF-TOKEN), or is refused with 403.
        app.UseSessionAntiforgery();
        // Every log line written while handling a request about a case carries its number (structured logs' scope), and so does
        // every span of its trace.
        app.Use(async (context, next) =>
        {
            var number = context.GetRouteValue("number") as string;
            using var scope = number is null
                ? null
                : context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dispatch.Api")
                    .BeginScope(new Dictionary<string, object?> { ["CaseNumber"] = number });
            if (number is not null)
            {
                Dispatch.Workers.Telemetry.CaseTracing.TagCase(number);
            }

            await next(context);
        });
        var openApi = app.MapOpenApi();
        if (!app.Environment.IsDevelopment())
        {
            // The document lists every endpoint and field; outside a developer's machine only someone signed in needs it.
            openApi.RequireAuthorization();
        }

        // Probes and scrapers call on a schedule of their own; a limit on them would only make a busy Api look dead.
        var unlimited = app.MapGroup("");
        unlimited.DisableRateLimiting();
        unlimited.MapDispatchHealth(needsBroker: false);
        var api = app.MapGroup("").WithCommonResponses();
        api.MapSessionApi();
        api.MapCaseListApi();
        api.MapCasesApi();
        api.MapRepeatCallsApi();
        api.MapCaseActionsApi();
        api.MapAttachmentsApi();
        api.MapStagedAttachmentsApi();
        api.MapInboxApi();
        api.MapCatalogueApi();
        api.MapReportsApi();
        api.MapKpiCasesApi();
        api.MapMonthlyAssessmentApi();
        api.MapKnowledgeUseReportApi();
        api.MapGridApi();
        api.MapGridReportApi();
        api.MapChannelReportApi();
        api.MapPersonalDataAccessApi();
        api.MapRoutingRulesApi();
        api.MapSlaPoliciesApi();
        api.MapCalendarsApi();
        api.MapDepartmentsApi();
        api.MapAreasApi();
        api.MapCategoriesApi();
        api.MapUsersApi();
        api.MapPasswordsApi();
        api.MapTokensApi();
        api.MapAdminChangesApi();
        api.MapKnowledgeApi();
        await app.RunAsync();
        return 0;
    }
}
