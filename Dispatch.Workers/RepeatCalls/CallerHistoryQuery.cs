using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// A caller's history by phone, in one round trip: the newest cases (the list the caller lookup shows) and the count of cases filed
/// in the repeat-caller window (through ix_cases_caller_phone; a phone has few cases).
/// </summary>
public sealed class CallerHistoryQuery(Database database, TimeProvider clock, IOptions<SimilarCasesOptions> options)
{
    public Task<CallerHistory> ForPhoneAsync(string phone, int limit, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var since = clock.GetUtcNow().AddDays(-o.RepeatCallerDays);
        return database.ReadAsync(async (connection, ct) =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
                {CaseQueries.SelectSummary} where c.caller_phone = @Phone order by c.filed_at desc, c.id offset 0 rows fetch next @Limit rows only;
                select count(*) from cases where caller_phone = @Phone and filed_at >= @Since
                """, new { Phone = phone, Limit = limit, Since = since }, cancellationToken: ct));
            IReadOnlyList<CaseSummary> listed = [.. await results.ReadAsync<CaseSummary>()];
            var inWindow = (int)await results.ReadSingleAsync<long>();
            return new CallerHistory(listed, inWindow >= o.RepeatCallerCases, inWindow, o.RepeatCallerDays, o.RepeatCallerCases);
        }, cancellationToken);
    }
}
