using System.Text.Json;
using Dapper;
using Dispatch.Workers.Storage;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Outbox;

/// <summary>
/// Publishes committed outbox rows onto the bus and deletes them once the broker confirmed them (a delete
/// writes far less than marking a row sent, which rewrites it whole; what was published is in the broker and
/// the consumers' inbox). Any number of relays (in every Api and Worker process) share the table: each claims
/// a batch with a row lock that the others skip. A relay that dies after publishing but before deleting leaves
/// the rows to be published again; consumers are idempotent by message id, so that is harmless.
/// A row whose message cannot be built at all (a type this version does not know, a payload that does not read) is set
/// aside with its <c>last_error</c> rather than retried: otherwise it would hold up every row behind it.
/// </summary>
public sealed partial class OutboxRelay(
    Database database,
    IBus bus,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
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
                var backoff = TimeSpan.FromMilliseconds(Math.Min(options.Value.MaxBackoff.TotalMilliseconds,
                    100 * Math.Pow(2, Math.Min(failures, 10)) * (0.5 + Random.Shared.NextDouble())));
                LogRelayFailed(logger, e, failures, backoff);
                await Delay(backoff, stoppingToken);
                continue;
            }

            if (relayed < options.Value.BatchSize)
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Claims, publishes and deletes one batch; returns how many rows it sent.</summary>
    public Task<int> RelayBatchAsync(CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(database.Dialect.ClaimOutboxBatchSql,
                new { options.Value.BatchSize }, transaction, cancellationToken: ct))).ToList();
            if (rows.Count == 0)
            {
                return 0;
            }

            var messages = new List<(OutboxRow Row, object Message, Type Type)>(rows.Count);
            foreach (var row in rows)
            {
                if (Read(row) is { } read)
                {
                    messages.Add((row, read.Message, read.Type));
                    continue;
                }

                var error = $"cannot build a message of type '{row.MessageType}' from this row: unknown type or unreadable payload";
                await connection.ExecuteAsync(new CommandDefinition("update outbox set last_error = @Error, attempts = attempts + 1 where id = @Id",
                    new { Error = error, row.Id }, transaction, cancellationToken: ct));
                LogSetAside(logger, row.Id, row.MessageId, row.MessageType);
            }

            // A publish caught by a connection loss can wait for its confirm forever, whatever its token says.
            // WaitAsync bounds the whole batch: on timeout the transaction rolls back, the row locks go, and
            // the rows are published again later (possibly twice; consumers are idempotent by message id).
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.PublishTimeout);
            await Task.WhenAll(messages.Select(m => bus.Publish(m.Message, m.Type,
                    Pipe.Execute<PublishContext>(context => context.MessageId = m.Row.MessageId), timeout.Token)))
                .WaitAsync(options.Value.PublishTimeout, clock, ct);
            if (messages.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(database.Dialect.DeleteSentOutboxSql,
                    new { Ids = messages.Select(m => m.Row.Id).ToArray() }, transaction, cancellationToken: ct));
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

    private sealed record OutboxRow(long Id, Guid MessageId, string MessageType, string Payload);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relayed {Count} outbox messages")]
    private static partial void LogRelayed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Outbox row {Id} (message {MessageId}) was set aside: no message of type '{MessageType}' can be built from it (see its last_error). Once a version that reads it runs, clear its last_error to send it")]
    private static partial void LogSetAside(ILogger logger, long id, Guid messageId, string messageType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed ({Failures} in a row); trying again in {Backoff}")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, int failures, TimeSpan backoff);
}

/// <summary>
/// Wakes this process's relay as soon as a transaction that wrote outbox rows commits, so a message does
/// not wait for the next poll. Other processes' relays still find the rows by polling.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    // 1 while a wake-up is pending: every commit calls Notify, and only the first of a run releases the semaphore (a release
    // beyond its maximum would throw, and an exception per commit is expensive).
    private int _signalled;

    public void Dispose() => _pending.Dispose();

    public void Notify()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _pending.Release();
        }
    }

    /// <summary>
    /// Returns when notified or after <paramref name="timeout"/>. A Notify that comes after this returns wakes the next wait:
    /// the flag is cleared here, before the relay looks for rows, so no commit is missed.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            if (await _pending.WaitAsync(timeout, cancellationToken))
            {
                Volatile.Write(ref _signalled, 0);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Section "Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Run the relay in this process.</summary>
    public bool RelayEnabled { get; set; } = true;

    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How often an idle relay looks for rows written by other processes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a batch may wait for the broker's confirms before it is rolled back and tried again.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
}
