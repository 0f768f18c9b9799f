using System.Text;
using Dispatch.Workers.Hosting;
using RabbitMQ.Client;

namespace Dispatch.Workers.Messaging;

/// <summary>One message waiting in an error queue, with why it failed (MassTransit's MT-Fault-* headers).</summary>
public sealed record FailedMessage(string? MessageId, string? MessageType, string? ExceptionType, string? Reason, string? FailedAt, string? Host,
    string BodyExcerpt);

/// <summary>
/// The error queues (<c>&lt;queue&gt;_error</c>) where MassTransit puts a message that still failed after its retries.
/// <c>dotnet Dispatch.Workers.dll errors list route-filed-case</c> shows what waits and why without taking it;
/// <c>dotnet Dispatch.Workers.dll errors replay route-filed-case [count]</c> moves messages back to the queue once
/// the cause is fixed: each is published again with publisher confirms and only then removed from the error
/// queue, so a crash in between can duplicate a message (the consumers are idempotent) but never lose one.
/// </summary>
public sealed class ErrorQueues(RabbitMqOptions options)
{
    public const string Suffix = "_error";

    public async Task<(uint Count, IReadOnlyList<FailedMessage> First)> ListAsync(string queue, int show, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var declared = await channel.QueueDeclarePassiveAsync(queue + Suffix, cancellationToken);
        var shown = new List<FailedMessage>();
        // Fetched without an ack and handed back when the channel closes: listing takes nothing away.
        for (var i = 0; i < show; i++)
        {
            if (await channel.BasicGetAsync(queue + Suffix, autoAck: false, cancellationToken) is not { } message)
            {
                break;
            }

            var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
            shown.Add(new FailedMessage(message.BasicProperties.MessageId, Header(headers, "MT-Fault-MessageType") ?? Header(headers, "MT-MessageType"),
                Header(headers, "MT-Fault-ExceptionType"), Header(headers, "MT-Fault-Message") ?? Header(headers, "MT-Reason"),
                Header(headers, "MT-Fault-Timestamp"), Header(headers, "MT-Host-MachineName"),
                Encoding.UTF8.GetString(message.Body.Span[..Math.Min(message.Body.Length, 300)])));
        }

        return (declared.MessageCount, shown);
    }

    /// <summary>Moves up to <paramref name="count"/> messages from the error queue back to <paramref name="queue"/>; returns how many.</summary>
    public async Task<int> ReplayAsync(string queue, int count, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        var moved = 0;
        while (moved < count && await channel.BasicGetAsync(queue + Suffix, autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties)
            {
                Headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                    .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
                    .ToDictionary(h => h.Key, h => h.Value),
            };
            // The default exchange delivers to the queue of that name: straight back to the consumer that failed.
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    private Task<IConnection> ConnectAsync(CancellationToken cancellationToken) =>
        new ConnectionFactory
        {
            Port = options.Port, VirtualHost = options.VirtualHost, UserName = options.Username, Password = options.Password,
            ClientProvidedName = "dispatch-errors",
        }.CreateConnectionAsync([.. options.Nodes.Select(n => new AmqpTcpEndpoint(n.Host, n.Port))], cancellationToken);

    private static string? Header(IDictionary<string, object?> headers, string name) => headers.TryGetValue(name, out var value)
        ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        }
        : null;
}
