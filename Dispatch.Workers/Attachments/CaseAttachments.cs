using System.Data.Common;
using Dapper;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Attachments;

/// <summary>The reads of <c>case_attachments</c>: a case's files, one file, and which blobs rows still name (for housekeeping).</summary>
public sealed class CaseAttachments(Database database)
{
    internal const string Columns = $"""
        id as {nameof(StoredAttachment.Id)}, case_id as {nameof(StoredAttachment.CaseId)}, sha256 as {nameof(StoredAttachment.Sha256)},
        media_type as {nameof(StoredAttachment.MediaType)}, kind as {nameof(StoredAttachment.Kind)}, size_bytes as {nameof(StoredAttachment.SizeBytes)},
        width as {nameof(StoredAttachment.Width)}, height as {nameof(StoredAttachment.Height)},
        thumbnail_sha256 as {nameof(StoredAttachment.ThumbnailSha256)}, file_name as {nameof(StoredAttachment.FileName)},
        recording_id as {nameof(StoredAttachment.RecordingId)}, origin as {nameof(StoredAttachment.Origin)},
        uploaded_by as {nameof(StoredAttachment.UploadedBy)}, uploaded_at as {nameof(StoredAttachment.UploadedAt)},
        attached_seq as {nameof(StoredAttachment.AttachedSeq)}, cited_seq as {nameof(StoredAttachment.CitedSeq)},
        cited_action as {nameof(StoredAttachment.CitedAction)}, released_at as {nameof(StoredAttachment.ReleasedAt)}
        """;

    private const string ForCaseSql = $"select {Columns} from case_attachments where case_id = @CaseId order by uploaded_at, id";

    private const string OneSql = $"select {Columns} from case_attachments where case_id = @CaseId and id = @Id";

    /// <summary>How many files a case carries, in the caller's transaction (an upload counts them under the case's version check).</summary>
    public static Task<int> CountAsync(DbConnection connection, DbTransaction transaction, Guid caseId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition("select count(*) from case_attachments where case_id = @CaseId",
            new { CaseId = caseId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The files of a case no action cites yet, in the caller's transaction (an action citing files checks them against these).</summary>
    public static async Task<IReadOnlySet<Guid>> UncitedAsync(DbConnection connection, DbTransaction transaction, Guid caseId,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Guid>(new CommandDefinition("select id from case_attachments where case_id = @CaseId and cited_seq is null",
            new { CaseId = caseId }, transaction, cancellationToken: cancellationToken))).ToHashSet();

    /// <summary>
    /// Of the files of a case no action cites yet, in the caller's transaction, the photos: what a verification on site (上门核实) must
    /// name one of. One read gives both sets.
    /// </summary>
    public static async Task<(IReadOnlySet<Guid> Uncited, IReadOnlySet<Guid> Photos)> UncitedWithPhotosAsync(DbConnection connection,
        DbTransaction transaction, Guid caseId, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<(Guid Id, string Kind)>(new CommandDefinition(
            "select id, kind from case_attachments where case_id = @CaseId and cited_seq is null",
            new { CaseId = caseId }, transaction, cancellationToken: cancellationToken))).ToList();
        return (rows.Select(r => r.Id).ToHashSet(), rows.Where(r => r.Kind == AttachmentKinds.Photo).Select(r => r.Id).ToHashSet());
    }

    /// <summary>How many files a case carries, read on its own (an upload asks before it reads and stores the file).</summary>
    public Task<int> CountAsync(Guid caseId, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) => connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from case_attachments where case_id = @CaseId", new { CaseId = caseId }, cancellationToken: ct)), cancellationToken);

    /// <summary>The files on a case, oldest first.</summary>
    public Task<IReadOnlyList<StoredAttachment>> ForCaseAsync(Guid caseId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<StoredAttachment>>(async (connection, ct) =>
            [.. await connection.QueryAsync<StoredAttachment>(new CommandDefinition(ForCaseSql, new { CaseId = caseId }, cancellationToken: ct))],
            cancellationToken);

    /// <summary>One file of a case; null when the case has no such file.</summary>
    public Task<StoredAttachment?> FindAsync(Guid caseId, Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, ct) =>
            connection.QuerySingleOrDefaultAsync<StoredAttachment>(new CommandDefinition(OneSql, new { CaseId = caseId, Id = id }, cancellationToken: ct)),
            cancellationToken);

    /// <summary>Of <paramref name="hashes"/>, those a row names (as its file or its thumbnail): the blobs housekeeping must keep.</summary>
    public Task<IReadOnlySet<string>> ReferencedAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var sql = $"""
            select sha256 from case_attachments where {database.Dialect.InList("sha256", "Hashes")}
            union
            select thumbnail_sha256 from case_attachments where {database.Dialect.InList("thumbnail_sha256", "Hashes")}
            """;
        return database.ReadAsync<IReadOnlySet<string>>(async (connection, ct) =>
            (await connection.QueryAsync<string>(new CommandDefinition(sql, new { Hashes = hashes.ToArray() }, cancellationToken: ct)))
                .ToHashSet(StringComparer.Ordinal),
            cancellationToken);
    }
}
