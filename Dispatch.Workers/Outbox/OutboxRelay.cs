using System.Text.Json;
using Dapper;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Outbox;

/// <summary>
/// Sends what the process that wrote it could not: the rows of a process that stopped between its commit and its publish, or
/// whose publish failed (the broker was away). Each process publishes its own messages at once (<see cref="OutboxPublisher"/>), so
/// the relay only polls, and only for rows that were already in the table <see cref="OutboxOptions.RelayAfter"/> ago: a row
/// younger than that is most likely being published by its writer right now. It publishes them and deletes them once the broker
/// confirmed them. Any number of relays (in every Api and Worker process) share the table: each claims a batch with a row lock
/// that the others skip. A relay that dies after publishing but before deleting leaves the rows to be published again; consumers
/// are idempotent by message id, so that is harmless, as is a row its writer and a relay both publish.
/// A row whose message cannot be built at all (a type this version does not know, a payload that does not read) is set
/// aside with its <c>last_error</c> rather than retried: otherwise it would hold up every row behind it.
/// </summary>
public sealed partial class OutboxRelay(
    Database database,
    ConfirmedPublisher publisher,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly RelayWatermark _watermark = new(clock, options.Value.RelayAfter);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int relayed;
            try
            {
                relayed = await RelayBatchAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                var backoff = options.Value.Backoff(failures);
                LogRelayFailed(logger, e, failures, backoff);
                await Delay(backoff, stoppingToken);
                continue;
            }

            if (relayed < options.Value.BatchSize)
            {
                await Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Claims, publishes and deletes one batch of the rows old enough to be the relay's; returns how many rows it sent.</summary>
    public Task<int> RelayBatchAsync(CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            List<OutboxRow> rows;
            await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(
                $"{database.Dialect.HighestOutboxIdSql};\n{database.Dialect.ClaimOutboxBatchSql}",
                new { options.Value.BatchSize, UpTo = _watermark.UpTo }, transaction, cancellationToken: ct)))
            {
                _watermark.Saw(await results.ReadSingleAsync<long?>() ?? 0);
                rows = [.. await results.ReadAsync<OutboxRow>()];
            }

            if (rows.Count == 0)
            {
                return 0;
            }

            var messages = new List<OutboxMessage>(rows.Count);
            var ids = new List<long>(rows.Count);
            foreach (var row in rows)
            {
                if (Read(row) is { } read)
                {
                    messages.Add(new OutboxMessage(row.MessageId, read.Message, read.Type, row.TraceParent, row.TraceState));
                    ids.Add(row.Id);
                    continue;
                }

                var error = $"cannot build a message of type '{row.MessageType}' from this row: unknown type or unreadable payload";
                await connection.ExecuteAsync(new CommandDefinition("update outbox set last_error = @Error, attempts = attempts + 1 where id = @Id",
                    new { Error = error, row.Id }, transaction, cancellationToken: ct));
                LogSetAside(logger, row.Id, row.MessageId, row.MessageType);
            }

            // On timeout the transaction rolls back, the row locks go, and the rows are published again later (possibly twice;
            // consumers are idempotent by message id).
            await publisher.PublishAsync(messages, relayed: true, ct);
            if (messages.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(database.Dialect.DeleteSentOutboxSql,
                    new { Ids = ids.ToArray() }, transaction, cancellationToken: ct));
            }

            LogRelayed(logger, messages.Count);
            return rows.Count;
        }, cancellationToken);

    /// <summary>The row's message and its contract type; null when the type is unknown to this version or the payload does not read.</summary>
    private static (object Message, Type Type)? Read(OutboxRow row)
    {
        if (!MessageTypes.TryResolve(row.MessageType, out var type))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(row.Payload, type, JsonSerializerOptions.Web) is { } message ? (message, type) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, clock, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private sealed record OutboxRow(long Id, Guid MessageId, string MessageType, string Payload, string? TraceParent, string? TraceState);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relayed {Count} outbox messages")]
    private static partial void LogRelayed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Outbox row {Id} (message {MessageId}) was set aside: no message of type '{MessageType}' can be built from it (see its last_error). Once a version that reads it runs, clear its last_error to send it")]
    private static partial void LogSetAside(ILogger logger, long id, Guid messageId, string messageType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed ({Failures} in a row); trying again in {Backoff}")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, int failures, TimeSpan backoff);
}
