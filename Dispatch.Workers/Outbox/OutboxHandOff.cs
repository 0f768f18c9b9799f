using System.Threading.Channels;
using Dispatch.Workers.Hosting;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Outbox;

/// <summary>
/// Where a committed unit of work leaves its outbox messages (<see cref="Database"/> hands them over after the commit) for this
/// process's <see cref="OutboxPublisher"/>. Bounded: when it is full, a message is not kept here; its row waits for the relay.
/// </summary>
public sealed class OutboxHandOff(IOptions<OutboxOptions> options) : IAfterCommit
{
    private readonly Channel<OutboxMessage> _queue = Channel.CreateBounded<OutboxMessage>(
        new BoundedChannelOptions(options.Value.HandOffCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<OutboxMessage> Reader => _queue.Reader;

    public void Committed(IReadOnlyList<object> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            if (item is OutboxMessage message && !_queue.Writer.TryWrite(message))
            {
                DispatchMetrics.OutboxLeftToRelay.Add(1);
            }
        }
    }
}
