using Dispatch.Workers.Outbox;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class OutboxSignalSpecs
{
    [Test]
    public async Task Any_number_of_commits_before_a_wait_wake_it_once_and_raise_no_exception()
    {
        using var signal = new OutboxSignal();
        using var stop = new CancellationTokenSource();
        // Every commit notifies: an exception caught inside Notify would cost each of them a throw.
        var thread = Environment.CurrentManagedThreadId;
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                thrown++;
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            for (var i = 0; i < 1_000; i++)
            {
                signal.Notify();
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.That(thrown, Is.Zero);
        var first = signal.WaitAsync(Timeout.InfiniteTimeSpan, stop.Token);
        var second = signal.WaitAsync(Timeout.InfiniteTimeSpan, stop.Token);
        Assert.Multiple(() =>
        {
            Assert.That(first.IsCompleted, Is.True, "the first wait returns at once");
            Assert.That(second.IsCompleted, Is.False, "the commits are covered by that one wake-up");
        });
        await stop.CancelAsync();
        await second;
    }

    [Test]
    public async Task A_commit_after_a_wake_up_wakes_the_next_wait()
    {
        using var signal = new OutboxSignal();
        signal.Notify();
        await signal.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = signal.WaitAsync(Timeout.InfiniteTimeSpan, deadline.Token);
        Assert.That(waiting.IsCompleted, Is.False);
        signal.Notify();
        await waiting;

        Assert.That(deadline.IsCancellationRequested, Is.False, "woken by the commit, not by the deadline");
    }
}
