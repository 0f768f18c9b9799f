using Dispatch.Workers.Cases;

namespace Dispatch.Tests.Support;

/// <summary>What a scenario expects of one case it was answered 201 for: the state its inputs lead to, and the lead department.</summary>
public sealed record Expected(string Status, string? LeadDepartment);

/// <summary>
/// Reads the database after a fault scenario and lists every broken promise:
/// every case answered 201 exists in the state its inputs lead to; every case's audit trail is unbroken (seq 1…version
/// without gaps, the first row files it, each row's from-state is the previous row's to-state, the last row's to-state is
/// the case's state, the hash chain verifies); nothing automatic took effect twice (one routing dispatch per case, no
/// repeated automatic row); the outbox has drained. An empty list is a pass.
/// </summary>
public static class InvariantChecker
{
    public static async Task<IReadOnlyList<string>> CheckAsync(TestDatabase db, IReadOnlyDictionary<string, Expected> accepted)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(accepted);
        var problems = new List<string>();
        var cases = (await db.QueryAsync<CaseRow>(
            "select id as Id, number as Number, status as Status, version as Version, lead_department_code as Lead, audit_hash as AuditHash from cases")).ToDictionary(c => c.Number);
        var audit = (await db.QueryAsync<AuditRow>($"{AuditRow.SelectSealed} order by case_id, seq")).ToLookup(a => a.CaseId);

        foreach (var (number, expected) in accepted)
        {
            if (!cases.TryGetValue(number, out var found))
            {
                problems.Add($"{number}: answered 201 but does not exist (lost)");
            }
            else if (found.Status != expected.Status || (expected.LeadDepartment is not null && found.Lead != expected.LeadDepartment))
            {
                problems.Add($"{number}: is {found.Status} at {found.Lead ?? "-"}, expected {expected.Status} at {expected.LeadDepartment ?? "-"}");
            }
        }

        foreach (var c in cases.Values)
        {
            var rows = audit[c.Id].ToList();
            if (rows.Select(r => r.Seq).SequenceEqual(Enumerable.Range(1, c.Version)) is false)
            {
                problems.Add($"{c.Number}: audit seqs [{string.Join(",", rows.Select(r => r.Seq))}] are not 1..{c.Version}");
                continue;
            }

            if (rows[0] is not { Action: "file", FromState: null, ToState: "filed" })
            {
                problems.Add($"{c.Number}: the first audit row is {rows[0].Action}, not the filing");
            }

            for (var i = 1; i < rows.Count; i++)
            {
                if (rows[i].FromState != rows[i - 1].ToState)
                {
                    problems.Add($"{c.Number}: audit row {rows[i].Seq} ({rows[i].Action}) starts from {rows[i].FromState}, but row {rows[i - 1].Seq} ended in {rows[i - 1].ToState}");
                }
            }

            if (rows[^1].ToState != c.Status)
            {
                problems.Add($"{c.Number}: the last audit row ends in {rows[^1].ToState}, the case is {c.Status}");
            }

            if (rows.Count(r => r.Action == "dispatch") > 1)
            {
                problems.Add($"{c.Number}: dispatched {rows.Count(r => r.Action == "dispatch")} times (double dispatch)");
            }

            foreach (var twice in rows.Where(r => r.Actor.StartsWith("system:", StringComparison.Ordinal)).GroupBy(r => (r.Action, r.Reason)).Where(g => g.Count() > 1))
            {
                problems.Add($"{c.Number}: the automatic '{twice.Key.Action}' ({twice.Key.Reason}) took effect {twice.Count()} times");
            }

            if (AuditChain.Verify(TestAuditKeys.Ring, c.Id, new CaseHead(c.Version, c.Status, c.AuditHash),
                    [.. rows.Select(r => r.ToStored())]) is { Intact: false } broken)
            {
                problems.Add($"{c.Number}: the audit chain breaks at row {broken.FirstBrokenSeq}: {broken.Problem}");
            }
        }

        var unsent = await db.ScalarAsync<long>("select count(*) from outbox");
        if (unsent > 0)
        {
            problems.Add($"{unsent} outbox rows were never published");
        }

        return problems;
    }

    private sealed class CaseRow
    {
        public Guid Id { get; init; }
        public string Number { get; init; } = "";
        public string Status { get; init; } = "";
        public int Version { get; init; }
        public string? Lead { get; init; }
        public string? AuditHash { get; init; }
    }
}
