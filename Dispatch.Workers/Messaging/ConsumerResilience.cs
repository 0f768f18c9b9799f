using MassTransit;

namespace Dispatch.Workers.Messaging;

/// <summary>
/// What every consumer endpoint does with failures, in one place:
/// - a message the database could not be reached for goes back to its queue (<see cref="ReturnToQueueFilter"/>), is not retried in
///   memory, and is never moved to the error queue;
/// - the kill switch stops the endpoint when such failures pass <see cref="ConsumerOptions.PauseTripPercent"/> of what it started
///   (after <see cref="ConsumerOptions.PauseActivationThreshold"/> messages), and starts it again after
///   <see cref="ConsumerOptions.PauseFor"/>: the backlog waits in the queue, its retries unspent, and moves by itself once the
///   database is back. While stopped the endpoint reports Degraded, so /health/ready answers 503; /health/live stays 200.
/// - any other failure (a poison message, a concurrent change) is retried with backoff and jitter, then moved to
///   <c>&lt;queue&gt;_error</c> with the exception in its headers, as before; the kill switch does not count it.
/// MassTransit's delayed redelivery would need RabbitMQ's delayed-message-exchange plugin, which neither Debian's rabbitmq-server
/// nor the official image ships: the kill switch's pause is the delay.
/// </summary>
public static class ConsumerResilience
{
    public static void Apply(IReceiveEndpointConfigurator endpoint, ConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        var pause = options.PauseWhileDatabaseUnavailable;
        if (pause)
        {
            // Outermost, so that it sees what the retry gave up on.
            endpoint.UseFilter(new ReturnToQueueFilter());
        }

        // Transient database faults are already retried inside the unit of work (Database); this retry covers the rest (a
        // concurrent change, a broker hiccup) with backoff and jitter, then the message goes to the _error queue.
        endpoint.UseMessageRetry(r =>
        {
            if (pause)
            {
                r.Ignore<DatabaseUnavailableException>();
            }

            r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300));
        });
        if (pause)
        {
            endpoint.UseKillSwitch(k => k
                .SetActivationThreshold(options.PauseActivationThreshold)
                .SetTripThreshold(options.PauseTripPercent)
                .SetTrackingPeriod(options.PauseTrackingPeriod)
                .SetRestartTimeout(options.PauseFor)
                .SetExceptionFilter(f => f.Handle<DatabaseUnavailableException>()));
        }
    }
}
