namespace Dispatch.Workers.Attachments;

/// <summary>
/// A file about to be attached to a case, as stored: its id, the hash of its bytes in the blob store (null for a link to a recording
/// the telephony system keeps), what its bytes are, a photo's size and thumbnail, the name it was sent with, the recording's id, and
/// whose it is (<see cref="AttachmentOrigins"/>).
/// </summary>
public sealed record NewAttachment(
    Guid Id,
    string? Sha256,
    string MediaType,
    string Kind,
    long Size,
    int? Width,
    int? Height,
    string? ThumbnailSha256,
    string? FileName,
    string? RecordingId,
    string Origin)
{
    /// <summary>What the audit row says of it: never the file name (a citizen may have named it after themselves), always its hash.</summary>
    public string Described() =>
        $"{Kind} {Id}: {MediaType}, {Size} bytes" + (Sha256 is null ? "" : $", sha256 {Sha256}") + (RecordingId is null ? "" : $", recording {RecordingId}")
        + (Origin == AttachmentOrigins.Caller ? ", the caller's" : "");
}
