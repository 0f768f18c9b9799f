using System.Data.Common;
using Dapper;
using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Cases;

/// <summary>
/// Records calls as cases (受理): the case, its first audit row and <see cref="Contracts.CaseFiled"/>, in one round trip; or, when the
/// agent answered on the call, the case filed and closed directly at once, never routed (<see cref="CaseChanges.FileAndClose"/>).
/// </summary>
public sealed class CaseFiling(Database database, CaseNumberAllocator numbers, TimeProvider clock, AuditKeyRing keys)
{
    public const string IntakeOperation = "file-case";

    /// <summary>Where an intake names the files uploaded for it (<see cref="NewCase.AttachmentIds"/>).</summary>
    public const string AttachmentIdsField = "attachmentIds";

    /// <summary>
    /// Records a call as a case. With an idempotency key, a retry of the same request returns the case the first attempt created;
    /// the same key with a different request is a conflict.
    /// </summary>
    public Task<FileOutcome> FileAsync(NewCase draft, IdempotencyClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.DirectAnswer is not null)
        {
            throw new ArgumentException("A call answered on it is filed with FileAndCloseAsync.", nameof(draft));
        }

        return FileAsync(draft, null, claim, cancellationToken);
    }

    /// <summary>
    /// Records a call the agent answered on it (<see cref="NewCase.DirectAnswer"/>) as a case filed and closed directly, in one
    /// transaction, by <paramref name="actor"/>: refused, with nothing written, to anyone who may not close a case directly, for a
    /// request that may not be (a complaint or a report), and for a cited knowledge entry that is not published. Idempotency keys
    /// work as for any filing: a retry returns the closed case.
    /// </summary>
    public Task<FileOutcome> FileAndCloseAsync(NewCase draft, Actor actor, Catalogue.Catalogue catalogue, IdempotencyClaim? claim,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(catalogue);
        var answer = draft.DirectAnswer ?? throw new ArgumentException("The call carries no direct answer.", nameof(draft));
        if (!CaseAccess.RoleMay(actor.Role, CaseAction.CloseDirectly))
        {
            return Task.FromResult<FileOutcome>(new FileOutcome.Forbidden(
                $"'{CaseAction.CloseDirectly.ToWire()}' is for {string.Join(" or ", CaseAccess.RolesFor(CaseAction.CloseDirectly))}, not {actor.Role}."));
        }

        // A direct answer counts no return visits: the limit plays no part in it.
        var closing = new CaseRequest.ByPerson(new CaseCommand.CloseDirectly(answer.Answer) { KnowledgeEntryIds = answer.KnowledgeEntryIds }, actor,
            catalogue, null, MaxVisitAttempts: 1);
        return FileAsync(draft, closing, claim, cancellationToken);
    }

    private async Task<FileOutcome> FileAsync(NewCase draft, CaseRequest.ByPerson? closing, IdempotencyClaim? claim, CancellationToken cancellationToken)
    {
        var number = await numbers.NextAsync(cancellationToken);
        Telemetry.CaseTracing.TagCase(number);
        try
        {
            return await database.InTransactionAsync(
                (connection, transaction, ct) => InsertAsync(connection, transaction, draft, closing, number, claim, ct), cancellationToken,
                commitWhen: outcome => outcome is FileOutcome.Created);
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
    /// The case, its audit rows, its outbox rows, what a direct answer cites and its idempotency key if any, in one round trip (a
    /// direct answer that cites knowledge entries reads first which of them are published). The key goes first, as a plain insert: a
    /// key already taken fails the whole batch with a unique violation, and nothing else is written. A refused direct answer writes
    /// nothing.
    /// </summary>
    private async Task<FileOutcome> InsertAsync(DbConnection connection, DbTransaction transaction, NewCase draft, CaseRequest.ByPerson? closing,
        string number, IdempotencyClaim? claim, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var staged = await StagedAttachments.ClaimableAsync(connection, transaction, database.Dialect, draft.AttachmentIds ?? [], draft.FiledBy,
            AttachmentIdsField, ct);
        if (staged.Field is { } unclaimable)
        {
            return new FileOutcome.Invalid(unclaimable, staged.Problem!);
        }

        IReadOnlyList<CaseStep> steps;
        if (closing is null)
        {
            steps = [CaseChanges.File(id, number, draft, now, staged.Files)];
        }
        else
        {
            var cited = ((CaseCommand.CloseDirectly)closing.Command).KnowledgeEntryIds;
            var published = await KnowledgeCitations.PublishedAsync(connection, transaction, database.Dialect, cited, ct);
            var decision = CaseChanges.FileAndClose(id, number, draft, closing with { PublishedEntries = published }, now, staged.Files);
            if (decision is FilingDecision.Invalid invalid)
            {
                return new FileOutcome.Invalid(invalid.Field, invalid.Problem);
            }

            steps = ((FilingDecision.Filed)decision).Steps;
        }

        var writes = new SqlBatch();
        if (claim is not null)
        {
            writes.Add("""
                insert into idempotency_keys (operation, actor, idempotency_key, request_hash, case_id, created_at)
                values (@Operation, @Actor, @Key, @RequestHash, @CaseId, @CreatedAt)
                """, new { Operation = IntakeOperation, Actor = draft.FiledBy, claim.Key, claim.RequestHash, CaseId = id, CreatedAt = now });
        }

        var stored = CaseChangeWriter.AddFiled(writes, keys, steps);
        await writes.ExecuteAsync(connection, transaction, ct);
        return new FileOutcome.Created(stored);
    }
}
