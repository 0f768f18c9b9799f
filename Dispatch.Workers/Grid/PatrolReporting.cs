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

    /// <summary>The title a report gets: the start of its description's first line.</summary>
    public const int TitleLength = 40;

    public async Task<FileOutcome> FileAsync(PatrolReport report, Actor actor, Catalogue.Catalogue catalogue, CancellationToken cancellationToken)
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
        var number = await numbers.NextAsync(cancellationToken);
        return await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            var staged = await StagedAsync(connection, transaction, database.Dialect, report.AttachmentIds, actor, ct);
            for (var i = 0; i < report.AttachmentIds.Count; i++)
            {
                if (!staged.ContainsKey(report.AttachmentIds[i]))
                {
                    return new FileOutcome.Invalid($"attachmentIds[{i}]",
                        $"{report.AttachmentIds[i]} is not a file you staged that no case holds yet: upload it first (POST /api/attachments).");
                }
            }

            var photos = staged.Where(s => s.Value == AttachmentKinds.Photo).Select(s => s.Key).ToHashSet();
            if (photos.Count == 0)
            {
                return new FileOutcome.Invalid("attachmentIds", "A patrol report shows what was found: name at least one photo (POST /api/attachments).");
            }

            var id = Guid.CreateVersion7(now);
            var decision = CaseChanges.FilePatrolReport(id, number, draft, report.AttachmentIds,
                closing is null ? null : closing with { UncitedAttachments = staged.Keys.ToHashSet(), UncitedPhotos = photos }, now);
            if (decision is FilingDecision.Invalid invalid)
            {
                return new FileOutcome.Invalid(invalid.Field, invalid.Problem);
            }

            var steps = ((FilingDecision.Filed)decision).Steps;
            // The claim is the filing's record: the case's insert comes first in the batch, the claim after it, the close's citing last.
            steps = [steps[0] with { Records = [.. steps[0].Records, new CaseRecord.StagedClaimed(report.AttachmentIds, actor.ToString(), steps[0].Audit.Seq)] },
                .. steps.Skip(1)];
            var writes = new SqlBatch();
            var stored = CaseChangeWriter.AddFiled(writes, keys, steps);
            await writes.ExecuteAsync(connection, transaction, ct);
            // Another report may have claimed a file since it was read: then not all are this case's, and nothing is kept.
            var claimed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "select count(*) from case_attachments where case_id = @CaseId", new { CaseId = id }, transaction, cancellationToken: ct));
            return claimed == report.AttachmentIds.Count
                ? (FileOutcome)new FileOutcome.Created(stored)
                : new FileOutcome.Invalid("attachmentIds", "Another report claimed one of these files at the same moment; nothing was filed.");
        }, cancellationToken, commitWhen: outcome => outcome is FileOutcome.Created);
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

    /// <summary>Of <paramref name="ids"/>, the files <paramref name="actor"/> staged that no case holds yet, with their kinds: one read.</summary>
    private static async Task<IReadOnlyDictionary<Guid, string>> StagedAsync(System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction transaction, ISqlDialect dialect, IReadOnlyList<Guid> ids, Actor actor, CancellationToken ct)
    {
        // STAGED-CLAIM: read as the staged uploads (POST /api/attachments) store them: no case yet, the uploader as audit rows name people.
        var rows = await connection.QueryAsync<(Guid Id, string Kind)>(new CommandDefinition(
            $"select id, kind from case_attachments where {dialect.InList("id", "Ids")} and case_id is null and uploaded_by = @UploadedBy",
            new { Ids = ids.Distinct().ToArray(), UploadedBy = actor.ToString() }, transaction, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Kind);
    }
}
