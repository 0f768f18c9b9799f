using Dispatch.Workers.Telemetry;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Outbox;

/// <summary>
/// Publishes outbox messages, each with its own message id, and waits for every confirm, for at most
/// <see cref="OutboxOptions.PublishTimeout"/>: a publish caught by a connection loss can wait for its confirm forever, whatever its
/// token says (see DEVELOPERS.md), so the wait itself is bounded. What the publisher and the relay both send through. Each publish
/// runs in a span that continues the trace its row was written in (<see cref="CaseTracing.StartOutboxPublish"/>), so MassTransit's
/// send, and the consumers after it, join that trace.
/// </summary>
public sealed class ConfirmedPublisher(IBus bus, TimeProvider clock, IOptions<OutboxOptions> options)
{
    /// <param name="messages">What to publish.</param>
    /// <param name="relayed">True when the relay sends rows their writers left; false for a writer's own messages, at once.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public async Task PublishAsync(IEnumerable<OutboxMessage> messages, bool relayed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var timeout = options.Value.PublishTimeout;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        await Task.WhenAll(messages.Select(m => PublishOneAsync(m, relayed, cancel.Token)))
            .WaitAsync(timeout, clock, cancellationToken);
    }

    private Task PublishOneAsync(OutboxMessage message, bool relayed, CancellationToken cancellationToken)
    {
        if (message.TraceParent is null)
        {
            return bus.Publish(message.Message, message.Type, Pipe.Execute<PublishContext>(context => context.MessageId = message.MessageId),
                cancellationToken);
        }

        return PublishTracedAsync(message, relayed, cancellationToken);
    }

    // Its own async method, so the span is the current one for this publish only (an async method's Activity.Current does not flow
    // back to its caller).
    private async Task PublishTracedAsync(OutboxMessage message, bool relayed, CancellationToken cancellationToken)
    {
        using var span = CaseTracing.StartOutboxPublish(message.TraceParent, message.TraceState, MessageTypes.CaseNumberOf(message.Message),
            message.Type.Name, relayed);
        await bus.Publish(message.Message, message.Type, Pipe.Execute<PublishContext>(context => context.MessageId = message.MessageId),
            cancellationToken);
    }
}
