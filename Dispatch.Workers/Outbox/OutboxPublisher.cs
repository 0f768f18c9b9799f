using Dapper;
using Dispatch.Workers.Hosting;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Outbox;

/// <summary>
/// Publishes this process's committed outbox messages as soon as they commit, from memory, and deletes their rows once the broker
/// confirmed them (in batches, a little later: a delete per message would cost a round trip each). No query finds them and no row
/// is locked, so a message waits for neither a poll nor a claim. What it cannot publish (the broker fails or is slow, the process
/// stops) stays in the table for <see cref="OutboxRelay"/>, which takes only rows older than <see cref="OutboxOptions.RelayAfter"/>.
/// After a failed publish it leaves new messages to the relay for a backoff, rather than make every commit wait on a broker that
/// is away.
/// </summary>
public sealed partial class OutboxPublisher(
    Database database,
    ConfirmedPublisher publisher,
    OutboxHandOff handOff,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var batch = new List<OutboxMessage>(settings.BatchSize);
        var published = new List<Guid>();
        long firstPublishedAt = 0;
        long pausedAt = 0;
        var pause = TimeSpan.Zero;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            batch.Clear();
            while (batch.Count < settings.BatchSize && handOff.Reader.TryRead(out var message))
            {
                batch.Add(message);
            }

            if (batch.Count > 0 && failures > 0 && clock.GetElapsedTime(pausedAt) < pause)
            {
                DispatchMetrics.OutboxLeftToRelay.Add(batch.Count);
            }
            else if (batch.Count > 0)
            {
                try
                {
                    await publisher.PublishAsync(batch, relayed: false, stoppingToken);
                    failures = 0;
                    firstPublishedAt = published.Count == 0 ? clock.GetTimestamp() : firstPublishedAt;
                    published.AddRange(batch.Select(m => m.MessageId));
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    failures++;
                    (pausedAt, pause) = (clock.GetTimestamp(), settings.Backoff(failures));
                    DispatchMetrics.OutboxLeftToRelay.Add(batch.Count);
                    LogPublishFailed(logger, e, batch.Count, pause);
                }
            }

            var waited = published.Count == 0 ? TimeSpan.Zero : clock.GetElapsedTime(firstPublishedAt);
            if (published.Count >= settings.BatchSize || (published.Count > 0 && waited >= settings.DeleteDelay))
            {
                await DeleteAsync(published, stoppingToken);
                published.Clear();
            }
            else if (batch.Count == 0)
            {
                await WaitForMessagesAsync(published.Count == 0 ? Timeout.InfiniteTimeSpan : settings.DeleteDelay - waited, stoppingToken);
            }
        }

        if (published.Count > 0)
        {
            // Stopping: the last deletes, briefly; rows left behind are published again by a relay, which is harmless.
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(2), clock);
            await DeleteAsync(published, last.Token);
        }
    }

    private async Task DeleteAsync(List<Guid> published, CancellationToken cancellationToken)
    {
        try
        {
            var messageIds = published.ToArray();
            await database.InTransactionAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
                database.Dialect.DeletePublishedOutboxSql, new { MessageIds = messageIds }, transaction, cancellationToken: ct)), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The messages went out; their rows stay until a relay publishes them again and deletes them.
            LogDeleteFailed(logger, e, published.Count);
        }
    }

    private async Task WaitForMessagesAsync(TimeSpan atMost, CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        if (atMost != Timeout.InfiniteTimeSpan)
        {
            wait.CancelAfter(atMost > TimeSpan.Zero ? atMost : TimeSpan.Zero);
        }

        try
        {
            await handOff.Reader.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Publishing {Count} committed messages failed; the relay sends them, and this process leaves new ones to it for {Pause}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting the rows of {Count} published messages failed; a relay publishes them again")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, int count);
}
