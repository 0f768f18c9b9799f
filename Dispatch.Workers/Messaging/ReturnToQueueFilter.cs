using MassTransit;

namespace Dispatch.Workers.Messaging;

/// <summary>
/// Outermost on a consumer's endpoint: a message whose consumer found the database unavailable goes back to its queue, untouched,
/// instead of to the error queue. MassTransit moves to <c>&lt;queue&gt;_error</c> whatever a consume throws except an
/// <see cref="OperationCanceledException"/> (what it throws itself when an endpoint stops mid-message), and answers that with a
/// NACK that requeues the message; so the <see cref="DatabaseUnavailableException"/> leaves as one. (An OperationCanceledException
/// thrown by the consumer itself would not do: MassTransit turns a consumer's own into a fault.)
/// </summary>
public sealed class ReturnToQueueFilter : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next.Send(context);
        }
        catch (DatabaseUnavailableException e)
        {
            Hosting.DispatchMetrics.MessagesReturned.Add(1);
            throw new OperationCanceledException("The database is unavailable: the message goes back to its queue.", e);
        }
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("return-to-queue-when-the-database-is-unavailable");
}
