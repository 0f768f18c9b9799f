using System.Threading.Channels;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Writes every search into <c>knowledge_searches</c> (what the usage report counts, the searches that found nothing first) without
/// making the search wait: a search hands its record over (<see cref="Record"/>, no I/O) and this service writes whatever has
/// gathered in one insert, again as soon as that is done — a few rows per round trip when searches are frequent, one when they are not.
/// A clean shutdown writes everything handed over before it stops (the host's stop waits for it). A crash loses what was not yet
/// written: at most the searches of the last round trip or so (milliseconds), never a case or an entry. Past
/// <see cref="KnowledgeOptions.SearchLogCapacity"/> waiting records (the database down for a while) new ones are dropped and counted
/// in the log rather than held without bound.
/// </summary>
public sealed partial class KnowledgeSearchLog : IHostedService
{
    /// <summary>Rows per insert at most (SQL Server: 1,000 rows and 2,000 parameters a statement; <see cref="RowInsert"/> splits by that).</summary>
    private const int BatchSize = 500;

    private static readonly RowInsert Searches = new("knowledge_searches",
        ("searched_at", typeof(DateTimeOffset)), ("role", typeof(string)), ("query", typeof(string)), ("category_code", typeof(string)),
        ("area_code", typeof(string)), ("results", typeof(int)));

    private readonly Database _database;
    private readonly TimeProvider _clock;
    private readonly ILogger<KnowledgeSearchLog> _logger;
    private readonly Channel<SearchRecord> _pending;
    private long _dropped;
    private Task? _writing;

    public KnowledgeSearchLog(Database database, TimeProvider clock, IOptions<KnowledgeOptions> options, ILogger<KnowledgeSearchLog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _clock = clock;
        _logger = logger;
        _pending = Channel.CreateBounded<SearchRecord>(new BoundedChannelOptions(options.Value.SearchLogCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Searches dropped because too many were waiting (the database unreachable), since the process started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Hands a search over to be written; never blocks.</summary>
    public void Record(SearchRecord search) => _pending.Writer.TryWrite(search);

    /// <summary>
    /// Starts the writer. Not a BackgroundService: its loop must run even when the host stops at once (a BackgroundService's loop may
    /// then never start), so that what was handed over is written.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writing = Task.Run(WriteAllAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Takes no more records and waits until those handed over are written (or the host's stop timeout ends the wait).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        if (_writing is { } writing)
        {
            await writing.WaitAsync(cancellationToken);
        }
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<SearchRecord>(BatchSize);
        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < BatchSize && _pending.Reader.TryRead(out var search))
            {
                batch.Add(search);
            }

            await WriteAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<SearchRecord> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _database.InTransactionAsync(async (connection, transaction, ct) =>
                {
                    var writes = new SqlBatch();
                    foreach (var s in batch)
                    {
                        writes.Insert(Searches, s.SearchedAt, s.Role, s.Query, s.CategoryCode, s.AreaCode, s.Results);
                    }

                    return await writes.ExecuteAsync(connection, transaction, ct);
                }, CancellationToken.None);
                return;
            }
            catch (Exception e) when (attempt < 5 && !_pending.Reader.Completion.IsCompleted)
            {
                LogRetrying(_logger, e, batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(attempt), _clock, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The database stayed away: these searches are not recorded. The next ones are tried afresh.
                LogLost(_logger, e, batch.Count);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Count} knowledge searches; trying again")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up recording {Count} knowledge searches")]
    private static partial void LogLost(ILogger logger, Exception exception, int count);
}

/// <summary>One search as the log keeps it: no caller data, the query as the agent typed it (at most 200 characters).</summary>
public sealed record SearchRecord(DateTimeOffset SearchedAt, string Role, string Query, string? CategoryCode, string? AreaCode, int Results);
