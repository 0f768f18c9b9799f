using MassTransit;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Outbox;

/// <summary>
/// Publishes outbox messages, each with its own message id, and waits for every confirm, for at most
/// <see cref="OutboxOptions.PublishTimeout"/>: a publish caught by a connection loss can wait for its confirm forever, whatever its
/// token says (see DEVELOPERS.md), so the wait itself is bounded. What the publisher and the relay both send through.
/// </summary>
public sealed class ConfirmedPublisher(IBus bus, TimeProvider clock, IOptions<OutboxOptions> options)
{
    public async Task PublishAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var timeout = options.Value.PublishTimeout;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        await Task.WhenAll(messages.Select(m => bus.Publish(m.Message, m.Type,
                Pipe.Execute<PublishContext>(context => context.MessageId = m.MessageId), cancel.Token)))
            .WaitAsync(timeout, clock, cancellationToken);
    }
}
