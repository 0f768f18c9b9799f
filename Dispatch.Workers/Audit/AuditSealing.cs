using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Audit;

/// <summary>
/// Seals, once, the audit rows written before the keys existed: the migrations run it right after the schema has the seal's
/// columns. A case whose earlier, unkeyed chain (plain SHA-256, from migration 0004 on) still holds is sealed row by row; one whose
/// earlier chain does not hold is left unsealed, so verification keeps reporting it instead of sealing over a change. The
/// administrative record is numbered and sealed as it stands, and its first sealed row after them says what was done. Cases go in
/// batches, each its own transaction, so a run that is stopped continues where it stopped; the record's head, written last, is
/// what says it is done. This class is the whole of what the code knows of records from before migration 0010 (issue 19 asked for
/// existing data to be sealed): <see cref="SchemaMigrator"/> calls it after the migrations, and the earlier unkeyed chain
/// (<see cref="LegacyHash"/>) is checked nowhere else.
/// </summary>
public static class AuditSealing
{
    public const string Actor = "system:migrations";

    private const int CasesPerBatch = 500;
    private const int ListedUnsealed = 100;

    public static async Task<bool> SealOnceAsync(Database database, AuditKeyRing keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        var done = await database.ReadAsync((connection, ct) => connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from audit_heads where chain = @Chain", new { AdminChanges.Chain }, cancellationToken: ct)), cancellationToken);
        if (done > 0)
        {
            return false;
        }

        var tally = new Tally();
        Guid? after = null;
        while (await database.InTransactionAsync((connection, transaction, ct) => SealCasesAsync(connection, transaction, database.Dialect, keys, after,
                   tally, ct), cancellationToken) is { } last)
        {
            after = last;
        }

        await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            await SealAdminRecordAsync(connection, transaction, database.Dialect, keys, tally, now, ct);
            return 0;
        }, cancellationToken);
        return true;
    }

    /// <summary>Seals the next batch of cases after <paramref name="after"/>; the last case's id, or null when none was left.</summary>
    private static async Task<Guid?> SealCasesAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, AuditKeyRing keys,
        Guid? after, Tally tally, CancellationToken ct)
    {
        var cases = (await connection.QueryAsync<CaseRow>(new CommandDefinition($"""
            select id as {nameof(CaseRow.Id)}, number as {nameof(CaseRow.Number)}, version as {nameof(CaseRow.Version)},
                   audit_hash as {nameof(CaseRow.AuditHash)}
            from cases{dialect.UpdateLockHint} where @After is null or id > @After
            order by id offset 0 rows fetch next {CasesPerBatch} rows only{dialect.ForUpdateClause}
            """, new { After = after }, transaction, cancellationToken: ct))).ToList();
        if (cases.Count == 0)
        {
            return null;
        }

        var rows = (await connection.QueryAsync<AuditRow>(new CommandDefinition(
            $"{AuditRow.SelectSealed} where case_id >= @First and case_id <= @Last order by case_id, seq",
            new { First = cases[0].Id, Last = cases[^1].Id }, transaction, cancellationToken: ct))).ToLookup(r => r.CaseId);
        var writes = new SqlBatch();
        foreach (var c in cases)
        {
            var trail = rows[c.Id].ToList();
            if (trail.Count > 0 && trail.All(r => r.KeyId is not null))
            {
                continue; // sealed by an earlier run that was stopped, or written by this release
            }

            if (LegacyProblem(c, trail) is { } problem)
            {
                tally.LeftUnsealed++;
                if (tally.Unsealed.Count < ListedUnsealed)
                {
                    tally.Unsealed.Add(new { c.Number, problem });
                }

                continue;
            }

            string? head = null;
            foreach (var row in trail)
            {
                var (_, seal) = AuditChain.Append(keys, head, c.Id, row.ToEntry());
                writes.Add("update case_audit set hash = @Hash, key_id = @KeyId where case_id = @CaseId and seq = @Seq",
                    new { seal.Hash, seal.KeyId, CaseId = c.Id, row.Seq });
                head = seal.Head;
            }

            writes.Add("update cases set audit_hash = @Head where id = @Id", new { Head = head, c.Id });
            tally.Cases++;
            tally.Rows += trail.Count;
        }

        await SealInPlaceAsync(connection, transaction, dialect, "case_audit", "case_audit_append_only", writes, ct);

        return cases[^1].Id;
    }

    private static async Task SealAdminRecordAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, AuditKeyRing keys,
        Tally tally, DateTimeOffset now, CancellationToken ct)
    {
        var record = (await connection.QueryAsync<AdminChange>(new CommandDefinition($"""
            select id as {nameof(AdminChange.Id)}, entity as {nameof(AdminChange.Entity)}, entity_key as {nameof(AdminChange.EntityKey)},
                   version as {nameof(AdminChange.Version)}, operation as {nameof(AdminChange.Operation)}, change as {nameof(AdminChange.Change)},
                   changed_by as {nameof(AdminChange.ChangedBy)}, changed_at as {nameof(AdminChange.ChangedAt)}
            from admin_changes order by id
            """, transaction: transaction, cancellationToken: ct))).ToList();
        var writes = new SqlBatch();
        string head = "";
        long seq = 0;
        foreach (var change in record)
        {
            var row = new AdminChange
            {
                Id = change.Id, Seq = ++seq, Entity = change.Entity, EntityKey = change.EntityKey, Version = change.Version,
                Operation = change.Operation, Change = change.Change, ChangedBy = change.ChangedBy, ChangedAt = change.ChangedAt,
            };
            var seal = SealedChain.Seal(keys, AdminChanges.Chain, seq == 1 ? null : head, AdminChanges.Content(row));
            writes.Add("update admin_changes set seq = @Seq, key_id = @KeyId, hash = @Hash where id = @Id",
                new { row.Seq, seal.KeyId, seal.Hash, row.Id });
            head = seal.Head;
        }

        await SealInPlaceAsync(connection, transaction, dialect, "admin_changes", "admin_changes_append_only", writes, ct);

        // An empty head stands for "no row yet": the first row chains from nothing, like a case's first.
        await connection.ExecuteAsync(new CommandDefinition("insert into audit_heads (chain, seq, head) values (@Chain, @Seq, @Head)",
            new { AdminChanges.Chain, Seq = seq, Head = head }, transaction, cancellationToken: ct));
        await AdminChanges.AppendAsync(connection, transaction, dialect, keys, AdminChanges.AuditRecord, "sealing", null, "seal",
            JsonSerializer.Serialize(new
            {
                before = (object?)null,
                after = new
                {
                    keyId = keys.SealingKeyId,
                    casesSealed = tally.Cases,
                    auditRowsSealed = tally.Rows,
                    adminRowsSealed = record.Count,
                    casesLeftUnsealed = tally.LeftUnsealed,
                    leftUnsealed = tally.Unsealed,
                    why = "Rows written before the audit keys existed were sealed once, by the migrations; a case whose earlier chain " +
                          "did not hold was left unsealed, and verification reports it.",
                },
            }, JsonSerializerOptions.Web), Actor, now, ct);
    }

    /// <summary>
    /// Sends <paramref name="writes"/>, which seal rows of the append-only <paramref name="table"/> where they stand, with its
    /// <paramref name="trigger"/> off for them alone, in this transaction: the one change to those rows the migrations make, as their owner.
    /// </summary>
    private static async Task SealInPlaceAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, string table, string trigger,
        SqlBatch writes, CancellationToken ct)
    {
        if (writes.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(dialect.SetTriggerSql(table, trigger, enabled: false), transaction: transaction, cancellationToken: ct));
        await writes.ExecuteAsync(connection, transaction, ct);
        await connection.ExecuteAsync(new CommandDefinition(dialect.SetTriggerSql(table, trigger, enabled: true), transaction: transaction, cancellationToken: ct));
    }

    /// <summary>Why the case's trail, as the earlier unkeyed chain left it, does not hold; null when it does.</summary>
    private static string? LegacyProblem(CaseRow c, List<AuditRow> trail)
    {
        if (trail.Count == 0)
        {
            return "no audit rows";
        }

        string? previous = null;
        for (var i = 0; i < trail.Count; i++)
        {
            var row = trail[i];
            if (row.Seq != i + 1)
            {
                return $"row {i + 1} is missing";
            }

            if (row.KeyId is not null)
            {
                return $"row {row.Seq} is sealed but rows before it are not";
            }

            if (row.Hash is null && previous is null)
            {
                continue; // written before the unkeyed chain existed (migration 0004): nothing to check it against
            }

            if (row.Hash != LegacyHash(previous, c.Id, row.ToEntry()))
            {
                return $"row {row.Seq} does not match its earlier hash";
            }

            previous = row.Hash;
        }

        if (trail.Count != c.Version)
        {
            return $"the case is at version {c.Version} but has {trail.Count} rows";
        }

        return previous is not null && c.AuditHash != previous ? "the case's stored hash does not follow from its last row" : null;
    }

    /// <summary>The unkeyed chain of migration 0004, kept only to check what is sealed here.</summary>
    internal static string LegacyHash(string? previous, Guid caseId, AuditEntry entry)
    {
        var canonical = string.Join('\u001f',
            previous ?? "", caseId.ToString("N"), entry.Seq.ToString(CultureInfo.InvariantCulture), entry.Action, entry.FromState ?? "",
            entry.ToState, entry.Actor, entry.Reason ?? "", entry.DecidedBy ?? "",
            entry.DecidedById?.ToString(CultureInfo.InvariantCulture) ?? "", entry.DecidedByVersion?.ToString(CultureInfo.InvariantCulture) ?? "",
            (AuditChain.Truncate(entry.OccurredAt).UtcTicks / 10).ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private sealed class CaseRow
    {
        public Guid Id { get; init; }
        public string Number { get; init; } = "";
        public int Version { get; init; }
        public string? AuditHash { get; init; }
    }

    private sealed class Tally
    {
        public long Cases { get; set; }
        public long Rows { get; set; }
        public long LeftUnsealed { get; set; }
        public List<object> Unsealed { get; } = [];
    }
}
