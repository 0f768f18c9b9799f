using System.Text.Json;
using Dapper;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Audit;

/// <summary>
/// Checks every case's audit trail (those filed within a period, when one is given) and the administrative record, in batches that
/// read a thousand cases and their rows in one round trip, and records what it found in <c>audit_verifications</c>, which the hosts'
/// metrics report (<c>dispatch_audit_cases_broken</c>). The nightly <c>audit verify</c> command.
/// </summary>
public sealed class AuditVerifier(Database database, AuditKeyRing keys, AdminChanges record, TimeProvider clock)
{
    private const int CasesPerBatch = 1000;

    public async Task<AuditReport> VerifyAllAsync(DateTimeOffset? filedFrom, DateTimeOffset? filedBefore, int listed, CancellationToken cancellationToken)
    {
        long checkedCases = 0;
        long broken = 0;
        var first = new List<BrokenTrail>();
        Guid? after = null;
        while (true)
        {
            var batch = await database.ReadAsync(async (connection, ct) =>
            {
                var heads = (await connection.QueryAsync<HeadRow>(new CommandDefinition($"""
                    select id as {nameof(HeadRow.Id)}, number as {nameof(HeadRow.Number)}, version as {nameof(HeadRow.Version)},
                           status as {nameof(HeadRow.Status)}, audit_hash as {nameof(HeadRow.AuditHash)}
                    from cases
                    where (@After is null or id > @After) and (@From is null or filed_at >= @From) and (@Before is null or filed_at < @Before)
                    order by id offset 0 rows fetch next {CasesPerBatch} rows only
                    """, new { After = after, From = filedFrom, Before = filedBefore }, cancellationToken: ct))).ToList();
                var rows = heads.Count == 0
                    ? Array.Empty<AuditRow>().ToLookup(r => r.CaseId)
                    : (await connection.QueryAsync<AuditRow>(new CommandDefinition(
                        $"{AuditRow.SelectSealed} where {database.Dialect.InList("case_id", "Ids")} order by case_id, seq",
                        new { Ids = heads.Select(h => h.Id).ToArray() }, cancellationToken: ct))).ToLookup(r => r.CaseId);
                return (heads, rows);
            }, cancellationToken);
            if (batch.heads.Count == 0)
            {
                break;
            }

            foreach (var head in batch.heads)
            {
                var verdict = AuditChain.Verify(keys, head.Id, new CaseHead(head.Version, head.Status, head.AuditHash),
                    [.. batch.rows[head.Id].Select(r => r.ToStored())]);
                checkedCases++;
                if (!verdict.Intact)
                {
                    broken++;
                    if (first.Count < listed)
                    {
                        first.Add(new BrokenTrail(head.Number, verdict.FirstBrokenSeq, verdict.Problem!));
                    }
                }
            }

            after = batch.heads[^1].Id;
        }

        var admin = await record.VerifyAsync(cancellationToken);
        var report = new AuditReport(checkedCases, checkedCases - broken, broken, first, admin);
        await database.InTransactionAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition("""
            insert into audit_verifications (finished_at, cases_checked, cases_broken, admin_intact, first_broken)
            values (@Now, @Checked, @Broken, @AdminIntact, @First)
            """, new
            {
                Now = clock.GetUtcNow(), Checked = checkedCases, Broken = broken, AdminIntact = admin.Intact,
                First = JsonSerializer.Serialize(first, JsonSerializerOptions.Web),
            }, transaction, cancellationToken: ct)), cancellationToken);
        return report;
    }

    private sealed class HeadRow
    {
        public Guid Id { get; init; }
        public string Number { get; init; } = "";
        public int Version { get; init; }
        public string Status { get; init; } = "";
        public string? AuditHash { get; init; }
    }
}
