using System.Data.Common;
using Dapper;
using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Cases;

/// <summary>
/// What people do to a case through the action endpoints: checks that they may see it and may act, claims the idempotency key,
/// asks <see cref="CaseChanges"/> for the change and writes it (<see cref="CaseChangeWriter"/>) in one transaction, guarded by the
/// case's version; closing a case closes the cases merged into it. A refusal writes nothing.
/// </summary>
public sealed class CaseWork(
    Database database,
    CatalogueStore catalogues,
    DeadlineRulesStore deadlines,
    TimeProvider clock,
    AuditKeyRing keys,
    IOptions<LifecycleOptions> options)
{
    public const string ActionOperation = "case-action";

    /// <summary>
    /// Takes an action on a case for <paramref name="actor"/>. What the change needs beyond the case (a merge's master, which of the
    /// knowledge entries a direct answer cites are published, the clocks) is read only once the request may go on, so a refused request
    /// costs no more than the read of the case.
    /// </summary>
    public async Task<ActOutcome> ActAsync(string number, Actor actor, CaseCommand command, IdempotencyClaim? claim,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(command);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var rules = await deadlines.GetAsync(cancellationToken);
        return await database.InTransactionAsync<ActOutcome>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var current = await CaseReader.FindByNumberAsync(connection, transaction, number, ct);
            if (current is null || !CaseAccess.CanSee(actor, current, catalogue))
            {
                return new ActOutcome.NotFound();
            }

            if (claim is not null)
            {
                var claimed = await connection.ExecuteAsync(new CommandDefinition(database.Dialect.InsertIdempotencyKeySql,
                    new { Operation = ActionOperation, Actor = actor.ToString(), claim.Key, claim.RequestHash, CaseId = current.Id, CreatedAt = now },
                    transaction, cancellationToken: ct));
                if (claimed == 0)
                {
                    var earlier = await connection.QuerySingleAsync<(string RequestHash, Guid CaseId)>(new CommandDefinition(
                        "select request_hash, case_id from idempotency_keys where operation = @Operation and actor = @Actor and idempotency_key = @Key",
                        new { Operation = ActionOperation, Actor = actor.ToString(), claim.Key }, transaction, cancellationToken: ct));
                    return earlier.RequestHash == claim.RequestHash && earlier.CaseId == current.Id
                        ? new ActOutcome.Replayed(current)
                        : new ActOutcome.KeyReused();
                }
            }

            var action = command.ActionFor(current, options.Value.MaxVisitAttempts);
            if (CaseAccess.Refusal(actor, current, action, catalogue) is { } refusal)
            {
                return new ActOutcome.Forbidden(refusal);
            }

            if (CaseLifecycle.Decide(current.Status, action) is CaseDecision.Refused refused)
            {
                return new ActOutcome.Refused(current, refused);
            }

            var master = command is CaseCommand.Merge merge ? await CaseReader.FindByNumberAsync(connection, transaction, merge.MasterNumber, ct) : null;
            var published = command is CaseCommand.CloseDirectly answer
                ? await KnowledgeCitations.PublishedAsync(connection, transaction, database.Dialect, answer.KnowledgeEntryIds, ct)
                : null;
            var request = new CaseRequest.ByPerson(command, actor, catalogue, master, options.Value.MaxVisitAttempts);
            request = published is null ? request : request with { PublishedEntries = published };
            // A reply its SLA policy asks rectification photos of (整改照片) must name a photo, as a verification on site must.
            var photosRequiredBy = command is CaseCommand.Reply ? RectificationPhotos.RequiredBy(rules, current) : null;
            if (command is CaseCommand.VerifyOnSite { AttachmentIds.Count: > 0 } || photosRequiredBy is not null)
            {
                var (uncited, photos) = await CaseAttachments.UncitedWithPhotosAsync(connection, transaction, current.Id, ct);
                request = request with { UncitedAttachments = uncited, UncitedPhotos = photos, PhotosRequiredBy = photosRequiredBy };
            }
            else if (command is ICitesAttachments { AttachmentIds.Count: > 0 })
            {
                request = request with { UncitedAttachments = await CaseAttachments.UncitedAsync(connection, transaction, current.Id, ct) };
            }

            if (command is CaseCommand.ReleaseAttachment)
            {
                request = request with { UnreleasedCallerFiles = await CaseAttachments.UnreleasedCallerFilesAsync(connection, transaction, current.Id, ct) };
            }

            if (command is CaseCommand.Attach)
            {
                // Counted under the case's version check: two uploads racing past the limit cannot both commit.
                request = request with { AttachmentsOnCase = await CaseAttachments.CountAsync(connection, transaction, current.Id, ct) };
            }
            var outcome = CaseChanges.Refusal(current, request, now)
                ?? CaseChanges.Decide(current, request, await CaseClockStore.ReadForAsync(connection, transaction, current, action, rules, ct), now);
            if (outcome is not ChangeOutcome.Changed { Change: var change })
            {
                return Answer(current, outcome);
            }

            var writes = new SqlBatch();
            var next = await CaseChangeWriter.WriteAsync(connection, transaction, writes, keys, change, CaseGuard.VersionChecked, ct);
            await writes.ExecuteAsync(connection, transaction, ct);
            if (change.ClosesFollowers)
            {
                await CloseFollowersAsync(connection, transaction, next, actor, rules, now, ct);
            }

            return new ActOutcome.Done(next);
        }, cancellationToken, commitWhen: outcome => outcome is ActOutcome.Done);
    }

    private static ActOutcome Answer(Case current, ChangeOutcome refusal) => refusal switch
    {
        ChangeOutcome.Refused refused => new ActOutcome.Refused(current, refused.Decision),
        ChangeOutcome.Invalid invalid => new ActOutcome.Invalid(invalid.Field, invalid.Problem),
        _ => throw new InvalidOperationException($"{refusal.GetType().Name} is not a refusal."),
    };

    /// <summary>The cases merged into <paramref name="master"/> close with it, each a change of its own, in the same transaction.</summary>
    private async Task CloseFollowersAsync(DbConnection connection, DbTransaction transaction, Case master, Actor actor, DeadlineRules rules,
        DateTimeOffset now, CancellationToken ct)
    {
        var followers = await connection.QueryAsync<Guid>(new CommandDefinition(
            "select id from cases where master_case_id = @Id and status = @Merged",
            new { master.Id, Merged = CaseState.Merged.ToWire() }, transaction, cancellationToken: ct));
        var request = new CaseRequest.ByMaster(master.Number, actor.ToString());
        foreach (var id in followers)
        {
            var follower = (await CaseReader.FindByIdAsync(connection, transaction, id, ct))!;
            var clocks = await CaseClockStore.ReadForAsync(connection, transaction, follower, CaseAction.CloseWithMaster, rules, ct);
            if (CaseChanges.Decide(follower, request, clocks, now) is ChangeOutcome.Changed { Change: var change })
            {
                var writes = new SqlBatch();
                await CaseChangeWriter.WriteAsync(connection, transaction, writes, keys, change, CaseGuard.VersionChecked, ct);
                await writes.ExecuteAsync(connection, transaction, ct);
            }
        }
    }
}
