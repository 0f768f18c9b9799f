using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Attachments;

/// <summary>
/// Removes blobs nothing references: an upload whose change was refused or rolled back after its bytes were stored leaves one. A blob
/// is removed only once it has gone unwritten for <see cref="AttachmentOptions.OrphanGrace"/> — an upload stores its bytes (or
/// re-stores bytes already there, which marks them written again) before its transaction commits, so a blob a commit is about to
/// name is always younger than that — and only when no row names it, asked after the blob was listed. Any number of Api processes
/// may run it on one volume (<see cref="IBlobStore.DeleteAsync"/> keeps a blob re-stored meanwhile).
/// </summary>
public sealed partial class BlobHousekeeping(
    IBlobStore blobs,
    CaseAttachments attachments,
    StagedAttachments staged,
    TimeProvider clock,
    IOptions<AttachmentOptions> options,
    ILogger<BlobHousekeeping> logger) : BackgroundService
{
    /// <summary>Blobs looked up in one query.</summary>
    public const int BatchSize = 500;

    /// <summary>What one pass did: staged files never filed removed, blobs considered (older than the grace), and blobs deleted.</summary>
    public sealed record Swept(int Considered, int Deleted)
    {
        public int ExpiredStaged { get; init; }
    }

    /// <summary>One pass over the store.</summary>
    public async Task<Swept> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.OrphanGrace;
        // Files uploaded for a filing that never came go first: their blobs are then named by nothing, and go below (or next pass).
        var expired = await staged.DeleteExpiredAsync(cutoff, cancellationToken);
        var considered = 0;
        var deleted = 0;
        var batch = new List<string>(BatchSize);
        await foreach (var blob in blobs.ListAsync(cancellationToken))
        {
            if (blob.WrittenAt >= cutoff)
            {
                continue;
            }

            batch.Add(blob.Sha256);
            if (batch.Count == BatchSize)
            {
                deleted += await DeleteUnreferencedAsync(batch, cutoff, cancellationToken);
                considered += batch.Count;
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            deleted += await DeleteUnreferencedAsync(batch, cutoff, cancellationToken);
            considered += batch.Count;
        }

        return new Swept(considered, deleted) { ExpiredStaged = expired };
    }

    private async Task<int> DeleteUnreferencedAsync(List<string> candidates, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var referenced = await attachments.ReferencedAsync(candidates, cancellationToken);
        var deleted = 0;
        foreach (var sha256 in candidates.Where(c => !referenced.Contains(c)))
        {
            if (await blobs.DeleteAsync(sha256, cutoff, cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.HousekeepingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var swept = await SweepAsync(stoppingToken);
                if (swept.Deleted > 0)
                {
                    LogSwept(logger, swept.Deleted, options.Value.OrphanGrace);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e, interval);
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Attachment housekeeping deleted {Count} blobs no case referenced for {Grace}")]
    private static partial void LogSwept(ILogger logger, int count, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attachment housekeeping failed; trying again in {Interval}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan interval);
}
