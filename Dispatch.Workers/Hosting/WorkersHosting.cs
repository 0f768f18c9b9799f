using Dispatch.Workers.Routing;
using MassTransit;
using Microsoft.Extensions.Hosting;

namespace Dispatch.Workers.Hosting;

public static class WorkersHosting
{
    public static IHostApplicationBuilder AddDispatchWorkers(this IHostApplicationBuilder builder)
    {
        builder.AddDispatchStorage();
        builder.AddDispatchBus(x => x.AddConsumer<RouteFiledCase, RouteFiledCaseDefinition>());
        return builder;
    }
}
