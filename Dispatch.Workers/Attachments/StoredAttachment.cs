namespace Dispatch.Workers.Attachments;

/// <summary>A file on a case, as <c>case_attachments</c> holds it (a class with properties: Dapper reads timestamps into these).</summary>
public sealed class StoredAttachment
{
    public Guid Id { get; init; }
    public Guid? CaseId { get; init; }
    public string? Sha256 { get; init; }
    public string MediaType { get; init; } = "";
    public string Kind { get; init; } = "";
    public long SizeBytes { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? ThumbnailSha256 { get; init; }
    public string? FileName { get; init; }
    public string? RecordingId { get; init; }
    public string Origin { get; init; } = "";
    public string UploadedBy { get; init; } = "";
    public DateTimeOffset UploadedAt { get; init; }
    public int? AttachedSeq { get; init; }
    public int? CitedSeq { get; init; }
    public string? CitedAction { get; init; }
    public DateTimeOffset? ReleasedAt { get; init; }

    /// <summary>A citizen's file: downloading it is a personal-data access.</summary>
    public bool IsCallers => Origin == AttachmentOrigins.Caller;

    /// <summary>As an audit entry names a file: the same words an upload's <c>attach</c> entry has.</summary>
    public string Described() =>
        new NewAttachment(Id, Sha256, MediaType, Kind, SizeBytes, Width, Height, ThumbnailSha256, FileName, RecordingId, Origin).Described();
}
