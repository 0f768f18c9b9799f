using Dispatch.Api.Apis;
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
        app.UseAuthentication();
        app.UseAuthorization();
        // Every log line written while handling a request about a case carries its number (structured logs' scope).
        app.Use(async (context, next) =>
        {
            using var scope = context.GetRouteValue("number") is string number
                ? context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dispatch.Api")
                    .BeginScope(new Dictionary<string, object?> { ["CaseNumber"] = number })
                : null;
            await next(context);
        });
        app.MapOpenApi();
        app.MapDispatchHealth(needsBroker: false);
        app.MapCasesApi();
        app.MapCaseActionsApi();
        app.MapInboxApi();
        app.MapCatalogueApi();
        app.MapCalendarsApi();
        app.MapReportsApi();
        app.MapAdminApi();
        app.MapPersonalDataAccessApi();
        await app.RunAsync();
        return 0;
    }
}
