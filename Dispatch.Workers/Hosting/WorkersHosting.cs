using Dispatch.Workers.Routing;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Knowledge;
using Dispatch.Workers.Messaging;
using Dispatch.Workers.Privacy;
using Dispatch.Workers.Telemetry;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dispatch.Workers.Hosting;

public static class WorkersHosting
{
    public static IHostApplicationBuilder AddDispatchWorkers(this IHostApplicationBuilder builder)
    {
        builder.AddDispatchStorage();
        builder.Services.AddOptions<ConsumerOptions>().BindConfiguration(ConsumerOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.PauseFor >= TimeSpan.FromSeconds(1) && o.PauseTrackingPeriod > TimeSpan.Zero,
                "Consumers:PauseFor must be at least a second and Consumers:PauseTrackingPeriod positive.")
            .ValidateOnStart();
        builder.AddDispatchBus(x => x.AddConsumer<RouteFiledCase, RouteFiledCaseDefinition>());
        builder.AddDispatchTelemetry("dispatch-workers");
        builder.Services.AddSingleton<DeadlineSweeper>();
        if (builder.Configuration.GetValue(DeadlineOptions.Section + ":" + nameof(DeadlineOptions.SweeperEnabled), true))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweeper>());
        }

        builder.Services.AddOptions<HousekeepingOptions>().BindConfiguration(HousekeepingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Housekeeping>();
        if (builder.Configuration.GetValue(HousekeepingOptions.Section + ":" + nameof(HousekeepingOptions.Enabled), true))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Housekeeping>());
        }

        builder.AddCallerDataRetention();
        builder.AddKnowledgeExpiryNotices();
        return builder;
    }
}
