using Dispatch.Workers.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Routing;

public sealed class RouteFiledCaseDefinition : ConsumerDefinition<RouteFiledCase>
{
    public RouteFiledCaseDefinition()
    {
        EndpointName = RouteFiledCase.ConsumerName;
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RouteFiledCase> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        ArgumentNullException.ThrowIfNull(context);
        // Retries, and the pause while the database is unavailable: see ConsumerResilience.
        ConsumerResilience.Apply(endpointConfigurator, context.GetRequiredService<IOptions<ConsumerOptions>>().Value);
    }
}
