using System.Data.Common;
using Dapper;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Cases;

/// <summary>Records calls as cases (受理): the case, its first audit row and <see cref="Contracts.CaseFiled"/>, in one round trip.</summary>
public sealed class CaseFiling(Database database, CaseNumberAllocator numbers, TimeProvider clock, AuditKeyRing keys)
{
    public const string IntakeOperation = "file-case";

    /// <summary>
    /// Records a call as a case. With an idempotency key, a retry of the same request returns the case the first attempt created;
    /// the same key with a different request is a conflict.
    /// </summary>
    public async Task<FileOutcome> FileAsync(NewCase draft, IdempotencyClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var number = await numbers.NextAsync(cancellationToken);
        try
        {
            return new FileOutcome.Created(await database.InTransactionAsync(
                (connection, transaction, ct) => InsertAsync(connection, transaction, draft, number, claim, ct), cancellationToken));
        }
        catch (Exception e) when (claim is not null && database.Dialect.IsUniqueViolation(e))
        {
            // The key was taken (by an earlier attempt, or by a concurrent one that has committed since): answer as it was answered.
            var earlier = await database.ReadAsync((connection, ct) => connection.QuerySingleOrDefaultAsync<(string RequestHash, Guid CaseId)?>(
                new CommandDefinition("select request_hash, case_id from idempotency_keys where operation = @Operation and actor = @Actor and idempotency_key = @Key",
                    new { Operation = IntakeOperation, Actor = draft.FiledBy, claim.Key }, cancellationToken: ct)), cancellationToken);
            if (earlier is not { } answered)
            {
                throw;
            }

            return answered.RequestHash == claim.RequestHash
                ? new FileOutcome.Replayed(await database.ReadAsync((connection, ct) => CaseReader.FindByIdAsync(connection, null, answered.CaseId, ct),
                    cancellationToken) ?? throw new InvalidOperationException("An idempotency key points at a missing case."))
                : new FileOutcome.KeyReused();
        }
    }

    /// <summary>
    /// The case, its audit row, its outbox row and its idempotency key if any, in one round trip. The key goes first, as a plain
    /// insert: a key already taken fails the whole batch with a unique violation, and nothing else is written.
    /// </summary>
    private async Task<Case> InsertAsync(DbConnection connection, DbTransaction transaction, NewCase draft, string number,
        IdempotencyClaim? claim, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var writes = new SqlBatch();
        if (claim is not null)
        {
            writes.Add("""
                insert into idempotency_keys (operation, actor, idempotency_key, request_hash, case_id, created_at)
                values (@Operation, @Actor, @Key, @RequestHash, @CaseId, @CreatedAt)
                """, new { Operation = IntakeOperation, Actor = draft.FiledBy, claim.Key, claim.RequestHash, CaseId = id, CreatedAt = now });
        }

        var filed = CaseChangeWriter.AddFiled(writes, keys, CaseChanges.File(id, number, draft, now));
        await writes.ExecuteAsync(connection, transaction, ct);
        return filed;
    }
}
