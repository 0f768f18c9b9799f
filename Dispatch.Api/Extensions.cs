using System.Text.Json;
using System.Text.Json.Serialization;
using Dispatch.Api.Access;
using Dispatch.Api.Apis;
using Dispatch.Api.Limits;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Privacy;
using Dispatch.Api.Problems;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Hosting;
using Dispatch.Workers.Knowledge;
using Dispatch.Workers.Privacy;
using Dispatch.Workers.RepeatCalls;
using Dispatch.Workers.Telemetry;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;

namespace Dispatch.Api;

public static class Extensions
{
    /// <summary>Largest request body accepted, in bytes. A case's text fields add up to well under this.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDispatchStorage();
        builder.AddDispatchBus();
        builder.AddDispatchTelemetry("dispatch-api");
        builder.AddPersonalDataAccessLog();
        builder.AddRepeatCalls();
        builder.AddKnowledgeBase();
        builder.AddAttachments();

        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi(o =>
        {
            // A nested type is named with its container (CalendarChange.Done is "CalendarChangeDone", not "Done"): a generated client
            // would otherwise get a class called Done.
            o.CreateSchemaReferenceId = type => OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } id && type.Type.DeclaringType is { } outer
                ? outer.Name + id
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            o.AddDocumentTransformer<DocumentDescription>();
            o.AddDocumentTransformer<BearerSecurity>();
            o.AddOperationTransformer<BearerSecurity>();
            o.AddDocumentTransformer<SessionSecurity>();
            o.AddOperationTransformer<SessionSecurity>();
            o.AddSchemaTransformer<StringEnumSchemas>();
        });
        services.AddSignIn();
        services.AddAuthorization();
        services.AddRequestLimits();
        services.AddHttpContextAccessor();
        services.AddScoped<ActionContext>();
        services.AddSingleton<CaseViews>();
        services.AddSingleton<PersonalDataAccessRecorder>();
        services.AddSingleton<Dispatch.Workers.Routing.RoutingAdministration>();
        services.AddSingleton<Dispatch.Workers.Deadlines.SlaAdministration>();
        services.AddSingleton<Dispatch.Workers.Catalogue.CatalogueAdministration>();
        services.AddSingleton<Dispatch.Workers.Access.UserAdministration>();
        services.AddSingleton<Dispatch.Workers.Administration.Calendars>();
        // Minimal APIs only throw (and so reach the exception handler, which names the field) when asked to.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // The web defaults read "30.2" as a number; a contract that says number means number.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.MaxDepth = 16;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            // A limit's unit is answered by the name a request gives it (working-hours), not the enum's number; storage keeps the
            // number (LimitUnit says why).
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter<Dispatch.Workers.Deadlines.LimitUnit>());
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }
}
