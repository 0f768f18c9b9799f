using MassTransit;

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
        // Transient database faults are already retried inside the unit of work (Database); this outer
        // retry covers the rest (a concurrent change, a broker hiccup) with backoff and jitter, then the
        // message goes to the _error queue with the exception in its headers.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(300)));
    }
}
