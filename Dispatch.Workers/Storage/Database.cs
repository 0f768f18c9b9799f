using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Dispatch.Workers.Storage;

/// <summary>
/// The one way to the database: opens connections for the configured dialect and runs units of work in
/// a transaction, again from the start when the fault was transient (the transaction certainly rolled
/// back). Units of work must therefore be safe to run again; ours are, because every write is guarded by
/// a version check, an inbox row or an idempotency key. What a committed unit of work's batches left to hand on
/// (<see cref="SqlBatch.AfterCommit"/>: the outbox's messages) goes to <see cref="IAfterCommit"/>, when there is one.
/// </summary>
public sealed class Database
{
    // The current attempt's list of things to hand on after its commit; set for the duration of each attempt, so it flows into
    // everything the unit of work awaits (and into nothing else: an async method's changes do not flow back to its caller).
    private static readonly AsyncLocal<List<object>?> Pending = new();

    private readonly string _connectionString;
    private readonly ResiliencePipeline _transientRetry;
    private readonly IAfterCommit? _afterCommit;

    public Database(ISqlDialect dialect, IOptions<DatabaseOptions> options, IAfterCommit? afterCommit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dialect = dialect;
        _afterCommit = afterCommit;
        _connectionString = dialect.WithServiceDefaults(options.Value.ConnectionString);
        CommandTimeoutSeconds = options.Value.CommandTimeoutSeconds;
        _transientRetry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(dialect.IsTransient),
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
            })
            .Build();
    }

    public ISqlDialect Dialect { get; }

    public int CommandTimeoutSeconds { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = Dialect.CreateConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it, unless <paramref name="commitWhen"/> says the
    /// result is a refusal: then everything it wrote is rolled back.
    /// </summary>
    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken,
        Func<T, bool>? commitWhen = null) =>
        _transientRetry.ExecuteAsync(
            static async (state, ct) =>
            {
                var (self, work, commitWhen) = state;
                var pending = Pending.Value = self._afterCommit is null ? null : [];
                await using var connection = await self.OpenAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
                var result = await work(connection, transaction, ct);
                if (commitWhen is null || commitWhen(result))
                {
                    // The commit is no command, so no driver traces it: a span of its own, where a trace shows the change made durable.
                    using (Telemetry.CaseTracing.Source.StartActivity("commit"))
                    {
                        await transaction.CommitAsync(ct);
                    }

                    if (pending is { Count: > 0 })
                    {
                        self._afterCommit!.Committed(pending);
                    }
                }
                else
                {
                    await transaction.RollbackAsync(ct);
                }

                return result;
            },
            (this, work, commitWhen),
            cancellationToken).AsTask();

    /// <summary>Keeps <paramref name="items"/> (from a batch just sent) for the current unit of work's commit, if it has a taker.</summary>
    internal static void HandOnAfterCommit(List<object>? items)
    {
        if (items is not null && Pending.Value is { } pending)
        {
            pending.AddRange(items);
        }
    }

    public Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        _transientRetry.ExecuteAsync(
            static async (state, ct) =>
            {
                var (self, read) = state;
                await using var connection = await self.OpenAsync(ct);
                return await read(connection, ct);
            },
            (this, read),
            cancellationToken).AsTask();
}

/// <summary>Takes what a committed unit of work handed on (see <see cref="SqlBatch.AfterCommit"/>); must not block.</summary>
public interface IAfterCommit
{
    void Committed(IReadOnlyList<object> items);
}
