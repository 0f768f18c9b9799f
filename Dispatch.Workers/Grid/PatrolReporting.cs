using Dapper;
using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Grid;

/// <summary>
/// Files a grid worker's patrol report (巡查上报) as a case: channel grid-patrol, in the grid of the worker's station, the photos they
/// staged claimed by the filing; routed like any case, or closed on the spot (就地办结) in the same transaction with its photos as
/// the evidence (<see cref="CaseChanges.FilePatrolReport"/>). Refused, with nothing written, to anyone but a grid worker, and for a
/// file that is not the worker's own staged, unclaimed upload or a report without a photo.
/// </summary>
public sealed class PatrolReporting(Database database, CaseNumberAllocator numbers, TimeProvider clock, AuditKeyRing keys)
{
    /// <summary>The most photos a report names (as an action names at most 20 files).</summary>
    public const int MaxPhotos = 20;

    /// <summary>Where a report names its photos.</summary>
    public const string AttachmentIdsField = "attachmentIds";

    /// <summary>The title a report gets: the start of its description's first line.</summary>
    public const int TitleLength = 40;

    /// <summary>The operation an idempotency key of a patrol report is kept under.</summary>
    public const string Operation = "patrol-report";

    /// <summary>
    /// Files <paramref name="report"/>. With an idempotency key, a retry of the same report (a phone that lost the answer on a weak
    /// signal) answers the case the first attempt filed, never a second case; the same key with another report is a conflict. The key
    /// is looked up first because a retry's photos are already claimed by the case it filed.
    /// </summary>
    public async Task<FileOutcome> FileAsync(PatrolReport report, Actor actor, Catalogue.Catalogue catalogue, IdempotencyClaim? claim,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (GridOf(actor, catalogue) is not { } grid)
        {
            return new FileOutcome.Forbidden("Only a grid worker (网格员: a handler of a grid station tied to its grid) files patrol reports.");
        }

        var draft = new NewCase(report.RequestType, report.CategoryCode, Channels.GridPatrol, Urgencies.Normal, new Caller(null, null, false),
            grid.Location with { Address = report.Address, Latitude = report.Latitude, Longitude = report.Longitude },
            Title(report.Description), report.Description, actor.ToString())
        {
            PatrolStationCode = grid.Station,
        };
        var closing = report.ResolvedOnSpot
            ? new CaseRequest.ByPerson(new CaseCommand.CloseOnSpot(report.Resolution ?? "") { AttachmentIds = report.AttachmentIds }, actor, catalogue,
                null, MaxVisitAttempts: 1)
            : null;
        if (claim is not null && await AnsweredAsync(actor, claim, cancellationToken) is { } answered)
        {
            return answered;
        }

        var number = await numbers.NextAsync(cancellationToken);
        Telemetry.CaseTracing.TagCase(number);
        FileOutcome outcome;
        try
        {
            outcome = await FileOnceAsync(report, actor, draft, closing, number, claim, cancellationToken);
        }
        catch (Exception e) when (claim is not null && database.Dialect.IsUniqueViolation(e))
        {
            // A concurrent retry under the same key committed first.
            return await AnsweredAsync(actor, claim, cancellationToken) ?? throw new InvalidOperationException("An idempotency key vanished.", e);
        }

        // A retry racing the first attempt waited on its photos' locks and found them claimed: answer as the first was answered.
        return outcome is FileOutcome.Invalid && claim is not null && await AnsweredAsync(actor, claim, cancellationToken) is { } earlier
            ? earlier
            : outcome;
    }

    private Task<FileOutcome> FileOnceAsync(PatrolReport report, Actor actor, NewCase draft, CaseRequest.ByPerson? closing, string number,
        IdempotencyClaim? claim, CancellationToken cancellationToken) =>
        database.InTransactionAsync<FileOutcome>(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            // Read under a row lock (StagedAttachments.ClaimableAsync, as an intake claims its files): a second report naming one waits,
            // then finds it claimed.
            var staged = await StagedAttachments.ClaimableAsync(connection, transaction, database.Dialect, report.AttachmentIds, actor.ToString(),
                AttachmentIdsField, ct);
            if (staged.Field is { } unclaimable)
            {
                return new FileOutcome.Invalid(unclaimable, staged.Problem!);
            }

            var photos = staged.Files.Where(f => f.Kind == AttachmentKinds.Photo).Select(f => f.Id).ToHashSet();
            if (photos.Count == 0)
            {
                return new FileOutcome.Invalid(AttachmentIdsField, "A patrol report shows what was found: name at least one photo (POST /api/attachments).");
            }

            var id = Guid.CreateVersion7(now);
            var decision = CaseChanges.FilePatrolReport(id, number, draft, staged.Files,
                closing is null ? null : closing with { UncitedAttachments = staged.Files.Select(f => f.Id).ToHashSet(), UncitedPhotos = photos }, now);
            if (decision is FilingDecision.Invalid invalid)
            {
                return new FileOutcome.Invalid(invalid.Field, invalid.Problem);
            }

            var writes = new SqlBatch();
            if (claim is not null)
            {
                // First in the batch: a key already taken fails it whole, and nothing else is written.
                writes.Add("""
                    insert into idempotency_keys (operation, actor, idempotency_key, request_hash, case_id, created_at)
                    values (@Operation, @Actor, @Key, @RequestHash, @CaseId, @CreatedAt)
                    """, new { Operation, Actor = actor.ToString(), claim.Key, claim.RequestHash, CaseId = id, CreatedAt = now });
            }

            var stored = CaseChangeWriter.AddFiled(writes, keys, ((FilingDecision.Filed)decision).Steps);
            await writes.ExecuteAsync(connection, transaction, ct);
            return new FileOutcome.Created(stored);
        }, cancellationToken, commitWhen: outcome => outcome is FileOutcome.Created);

    /// <summary>How an earlier report under <paramref name="claim"/>'s key was answered; null when the key is new.</summary>
    private async Task<FileOutcome?> AnsweredAsync(Actor actor, IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        var earlier = await database.ReadAsync((connection, ct) => connection.QuerySingleOrDefaultAsync<(string RequestHash, Guid CaseId)?>(
            new CommandDefinition("select request_hash, case_id from idempotency_keys where operation = @Operation and actor = @Actor and idempotency_key = @Key",
                new { Operation, Actor = actor.ToString(), claim.Key }, cancellationToken: ct)), cancellationToken);
        if (earlier is not { } answered)
        {
            return null;
        }

        return answered.RequestHash == claim.RequestHash
            ? new FileOutcome.Replayed(await database.ReadAsync((connection, ct) => CaseReader.FindByIdAsync(connection, null, answered.CaseId, ct),
                cancellationToken) ?? throw new InvalidOperationException("An idempotency key points at a missing case."))
            : new FileOutcome.KeyReused();
    }

    /// <summary>The grid station <paramref name="actor"/> works for and the area of its grid (with the community, street and district above it).</summary>
    public static (string Station, CaseLocation Location)? GridOf(Actor actor, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (catalogue.GridStation(actor.HandlingDepartmentCode) is not { AreaCode: { } gridCode } station
            || !catalogue.Areas.TryGetValue(gridCode, out var grid) || grid.Level != Catalogue.AreaLevels.Grid
            || grid.ParentCode is not { } communityCode || !catalogue.Areas.TryGetValue(communityCode, out var community)
            || community.ParentCode is not { } streetCode || !catalogue.Areas.TryGetValue(streetCode, out var street)
            || street.ParentCode is not { } districtCode)
        {
            return null;
        }

        return (station.Code, new CaseLocation(districtCode, streetCode, communityCode, gridCode, null, null, null));
    }

    private static string Title(string description)
    {
        var firstLine = description.Split('\n', 2)[0].Trim();
        return firstLine.Length <= TitleLength ? firstLine : firstLine[..TitleLength] + "…";
    }
}
