using System.Collections.Concurrent;
using MassTransit;

namespace Dispatch.Tests.Support;

/// <summary>
/// Every message the given buses publish while this records, once the broker has confirmed it. The outbox relay deletes a row
/// as soon as its message is confirmed, so this, not the outbox table, is where a spec reads what a case announced.
/// </summary>
public sealed class PublishedMessages : IPublishObserver, IDisposable
{
    private readonly ConcurrentQueue<(Guid? MessageId, object Message)> _published = new();
    private readonly List<ConnectHandle> _handles;

    public PublishedMessages(IEnumerable<IPublishObserverConnector> buses)
    {
        ArgumentNullException.ThrowIfNull(buses);
        _handles = [.. buses.Select(bus => bus.ConnectPublishObserver(this))];
    }

    /// <summary>The messages of type <typeparamref name="T"/> about case <paramref name="caseId"/>, in the order their publishes completed.</summary>
    public IReadOnlyList<(Guid? MessageId, T Message)> For<T>(Guid caseId) where T : class =>
        [.. _published.Where(p => p.Message is T && CaseIdOf(p.Message) == caseId).Select(p => (p.MessageId, (T)p.Message))];

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        _published.Enqueue((context.MessageId, context.Message));
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var handle in _handles)
        {
            handle.Disconnect();
        }
    }

    // Every contract in Dispatch.Contracts leads with the case's id.
    private static Guid? CaseIdOf(object message) => message.GetType().GetProperty("CaseId")?.GetValue(message) as Guid?;
}
