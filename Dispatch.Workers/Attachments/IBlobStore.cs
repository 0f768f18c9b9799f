namespace Dispatch.Workers.Attachments;

/// <summary>
/// Where attachments' bytes live, addressed by their content (the lower-case hex SHA-256 of the bytes): the same bytes are one blob
/// however many cases carry them, a blob never changes once written, and a row that names a hash names exactly those bytes. One small
/// interface so that another store (an S3-compatible bucket: docs/attachments.md) can take the filesystem's place.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Stores <paramref name="bytes"/> and returns their hash, once they are durably there (a crash after this returns leaves the blob
    /// whole). Storing bytes already there marks the blob as written now, so housekeeping's grace starts again for it.
    /// </summary>
    Task<string> PutAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>The blob's bytes to read, or null when there is no such blob.</summary>
    Task<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Every blob, with when it was last written (or re-stored): what housekeeping considers.</summary>
    IAsyncEnumerable<StoredBlob> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the blob unless it was written at or after <paramref name="writtenBefore"/>: a blob stored again since housekeeping
    /// listed it (for an upload about to reference it) is kept. True when it was deleted.
    /// </summary>
    Task<bool> DeleteAsync(string sha256, DateTimeOffset writtenBefore, CancellationToken cancellationToken);
}

/// <summary>A blob in the store, and when it was last written.</summary>
public sealed record StoredBlob(string Sha256, DateTimeOffset WrittenAt);
