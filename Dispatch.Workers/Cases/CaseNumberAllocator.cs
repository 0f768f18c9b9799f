using Dapper;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Cases;

/// <summary>
/// Hands out case numbers. Each process reserves a block of the day's sequence from the database (one
/// short statement of its own, not inside the filing transaction, so intake never queues on it) and
/// numbers cases from the block. Numbers are unique across processes; a block cut short by a restart
/// leaves a gap, which is harmless.
/// </summary>
public sealed class CaseNumberAllocator(Database database, TimeProvider clock, IOptions<HotlineOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _day;
    private long _next;
    private long _last;

    public void Dispose() => _gate.Dispose();

    public async Task<string> NextAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), options.Value.TimeZone).DateTime);
        var dayKey = (today.Year * 10000) + (today.Month * 100) + today.Day;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_day != dayKey || _next > _last)
            {
                var blockSize = options.Value.CaseNumberBlockSize;
                var last = await database.ReadAsync((connection, ct) => connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    database.Dialect.ReserveCaseNumberBlockSql, new { Day = dayKey, BlockSize = (long)blockSize }, cancellationToken: ct)),
                    cancellationToken);
                (_day, _next, _last) = (dayKey, last - blockSize + 1, last);
            }

            return CaseNumber.Format(today, _next++);
        }
        finally
        {
            _gate.Release();
        }
    }
}
