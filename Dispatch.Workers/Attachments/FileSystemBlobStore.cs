using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Attachments;

/// <summary>
/// The blob store on a directory (<see cref="AttachmentOptions.Path"/>): a blob is the file <c>ab/cd/abcd…</c> named by its hash.
/// Several processes may share the directory (two Api replicas on one volume): a blob is written to a temporary file of its own,
/// flushed to disk, then renamed into place — a rename is atomic, so a reader sees the whole blob or none, and two writers of the
/// same bytes both end with that one file. The file's modification time is the blob's "written at", set from the
/// <see cref="TimeProvider"/> (so a spec's clock and housekeeping's grace agree).
/// Deleting renames the blob aside first and looks at its time again: a writer that stored the same bytes in between either touched
/// it before the rename (its new time shows, and it is put back) or found it gone and wrote it anew.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private readonly string _root;
    private readonly TimeProvider _clock;

    public FileSystemBlobStore(IOptions<AttachmentOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = System.IO.Path.GetFullPath(options.Value.Path);
        _clock = clock;
        Directory.CreateDirectory(_root);
    }

    /// <summary>The directory the blobs are in.</summary>
    public string Root => _root;

    public async Task<string> PutAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        var path = PathOf(sha256);
        var now = _clock.GetUtcNow().UtcDateTime;
        if (Touch(path, now))
        {
            return sha256;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.SetLastWriteTimeUtc(temporary, now);
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process stored the same bytes first: the blob is there, whole. Its time is made ours, as a re-store's is.
                Touch(path, now);
            }
        }
        finally
        {
            File.Delete(temporary);
        }

        return sha256;
    }

    public Task<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81_920,
                FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var file in Directory.EnumerateFiles(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = System.IO.Path.GetFileName(file);
            if (IsHash(name))
            {
                yield return new StoredBlob(name, new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero));
            }
        }
    }

    public Task<bool> DeleteAsync(string sha256, DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        var aside = $"{path}.{Guid.NewGuid():N}.deleting";
        try
        {
            File.Move(path, aside, overwrite: false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult(false);
        }

        if (File.GetLastWriteTimeUtc(aside) >= writtenBefore.UtcDateTime)
        {
            // Stored again since it was listed: an upload is about to name it. Back it goes, unless that upload wrote it anew meanwhile.
            try
            {
                File.Move(aside, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(aside);
            }

            return Task.FromResult(false);
        }

        File.Delete(aside);
        return Task.FromResult(true);
    }

    /// <summary>Where the blob of <paramref name="sha256"/> lives: two levels of directories, 256 each, keep any one directory small.</summary>
    public string PathOf(string sha256)
    {
        if (!IsHash(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 in lower-case hex.", nameof(sha256));
        }

        return System.IO.Path.Combine(_root, sha256[..2], sha256[2..4], sha256);
    }

    public static bool IsHash(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower);

    /// <summary>Marks an existing blob as written at <paramref name="now"/>; false when there is none (or it was just renamed aside).</summary>
    private static bool Touch(string path, DateTime now)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, now);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
