using Dispatch.Api.Apis;
using Dispatch.Workers.Hosting;

namespace Dispatch.Api;

/// <summary>The hotline's HTTP API: intake, case reads, reference lists. OpenAPI at /openapi/v1.json.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddApplicationServices();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapDispatchHealth(needsBroker: false);
        app.MapCasesApi();
        app.MapCaseActionsApi();
        app.MapInboxApi();
        app.MapCatalogueApi();
        app.MapCalendarsApi();
        app.MapReportsApi();
        app.MapAdminApi();
        await app.RunAsync();
    }
}
