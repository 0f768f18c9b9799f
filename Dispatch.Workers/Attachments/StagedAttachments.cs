using System.Data.Common;
using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Attachments;

/// <summary>
/// Files uploaded before the case that will carry them is filed (a photo taken on the call, a grid worker's patrol photos): a
/// <c>case_attachments</c> row without a case, its uploader's alone, until a filing claims it in the filing's own transaction
/// (<see cref="ClaimableAsync"/>, then <see cref="Cases.CaseRecord.StagedFilesAttached"/>). One never claimed is removed after
/// <see cref="AttachmentOptions.OrphanGrace"/> (<see cref="DeleteExpiredAsync"/>), and its blob with it by the blob housekeeping.
/// </summary>
public sealed class StagedAttachments(Database database)
{
    private const string InsertSql = """
        insert into case_attachments (id, case_id, sha256, media_type, kind, size_bytes, width, height, thumbnail_sha256, file_name,
                                      recording_id, origin, uploaded_by, uploaded_at)
        values (@Id, null, @Sha256, @MediaType, @Kind, @Size, @Width, @Height, @ThumbnailSha256, @FileName, @RecordingId, @Origin, @UploadedBy, @UploadedAt)
        """;

    private const string WaitingSql = "select count(*) from case_attachments where case_id is null and uploaded_by = @UploadedBy";

    private const string OneSql = $"select {CaseAttachments.Columns} from case_attachments where id = @Id and case_id is null and uploaded_by = @UploadedBy";

    /// <summary>Keeps <paramref name="file"/> (its bytes already stored) for a filing by <paramref name="uploadedBy"/>.</summary>
    public Task StageAsync(NewAttachment file, string uploadedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return database.InTransactionAsync(async (connection, transaction, ct) =>
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                file.Id, file.Sha256, file.MediaType, file.Kind, file.Size, file.Width, file.Height, file.ThumbnailSha256, file.FileName,
                file.RecordingId, file.Origin, UploadedBy = uploadedBy, UploadedAt = now,
            }, transaction, cancellationToken: ct)), cancellationToken);
    }

    /// <summary>How many of <paramref name="uploadedBy"/>'s files wait for a filing.</summary>
    public Task<int> WaitingAsync(string uploadedBy, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) =>
            connection.ExecuteScalarAsync<int>(new CommandDefinition(WaitingSql, new { UploadedBy = uploadedBy }, cancellationToken: ct)), cancellationToken);

    /// <summary>One of <paramref name="uploadedBy"/>'s files waiting for a filing; null when there is none such (another's, or filed).</summary>
    public Task<StoredAttachment?> FindAsync(Guid id, string uploadedBy, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) => connection.QuerySingleOrDefaultAsync<StoredAttachment>(
            new CommandDefinition(OneSql, new { Id = id, UploadedBy = uploadedBy }, cancellationToken: ct)), cancellationToken);

    /// <summary>
    /// Of <paramref name="ids"/> (in the order given), the files <paramref name="uploadedBy"/> staged that no filing has claimed, locked
    /// until the caller's transaction ends — a second filing naming one waits, then finds it claimed — or the first that is not one, as
    /// (field, problem) under <paramref name="field"/>.
    /// </summary>
    public static async Task<StagedClaim> ClaimableAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect,
        IReadOnlyList<Guid> ids, string uploadedBy, string field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return new StagedClaim([], null, null);
        }

        var sql = $"""
            select {CaseAttachments.Columns} from case_attachments{dialect.UpdateLockHint}
            where {dialect.InList("id", "Ids")} and case_id is null and uploaded_by = @UploadedBy{dialect.ForUpdateClause}
            """;
        var found = (await connection.QueryAsync<StoredAttachment>(new CommandDefinition(sql, new { Ids = ids.ToArray(), UploadedBy = uploadedBy },
            transaction, cancellationToken: cancellationToken))).ToDictionary(f => f.Id);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!found.ContainsKey(ids[i]))
            {
                return new StagedClaim([], $"{field}[{i}]",
                    $"{ids[i]} is not a file you uploaded for a new case that waits for one: upload it first (POST /api/attachments); " +
                    "a file is kept for a filing a day, and is named by one filing only.");
            }
        }

        return new StagedClaim([.. ids.Select(id => found[id])], null, null);
    }

    /// <summary>Removes files staged before <paramref name="cutoff"/> that no filing claimed (their blobs go once nothing names them).</summary>
    public Task<int> DeleteExpiredAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        database.InTransactionAsync((connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(
            "delete from case_attachments where case_id is null and uploaded_at < @Cutoff", new { Cutoff = cutoff }, transaction,
            cancellationToken: ct)), cancellationToken);
}

/// <summary>The staged files a filing may claim, in the order it named them; or the first it may not, as (field, problem).</summary>
public sealed record StagedClaim(IReadOnlyList<StoredAttachment> Files, string? Field, string? Problem);
