using Microsoft.Extensions.Hosting;

namespace Dispatch.Workers.Hosting;

/// <summary>
/// A job of the Workers that works through what is due one batch (one transaction) at a time: after a full batch the next runs at
/// once, so a job that fell behind catches up; otherwise, or after a batch that failed (logged, and tried again), it waits its
/// interval. Any number of processes may run the same job: each batch claims its rows with a lock the others skip.
/// </summary>
public abstract class BatchJob(TimeProvider clock) : BackgroundService
{
    protected TimeProvider Clock => clock;

    /// <summary>What a full batch holds.</summary>
    protected abstract int BatchSize { get; }

    /// <summary>How long the job waits once it has caught up, or after a batch that failed.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Runs one batch; returns how much of <see cref="BatchSize"/> it spent.</summary>
    protected abstract Task<int> RunBatchAsync(CancellationToken cancellationToken);

    protected abstract void LogBatchFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var spent = 0;
            try
            {
                spent = await RunBatchAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(e);
            }

            if (spent < BatchSize)
            {
                try
                {
                    await Task.Delay(Interval, clock, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
