using System.ComponentModel.DataAnnotations;

namespace Dispatch.Workers.Messaging;

/// <summary>
/// Section "Consumers": how a consumer endpoint behaves while the database is unavailable (<see cref="ConsumerResilience"/>).
/// The kill switch counts only <see cref="DatabaseUnavailableException"/>s, so a poison message never trips it.
/// </summary>
public sealed class ConsumerOptions
{
    public const string Section = "Consumers";

    /// <summary>
    /// Give messages back and stop taking more while the database is unavailable. Off: such a message is retried like any other
    /// failure and then moved to the error queue (the behaviour before, kept to show the difference; not for production).
    /// </summary>
    public bool PauseWhileDatabaseUnavailable { get; set; } = true;

    /// <summary>Messages an endpoint must have started in the tracking period before the kill switch may trip.</summary>
    [Range(1, 10_000)]
    public int PauseActivationThreshold { get; set; } = 10;

    /// <summary>The share of those messages (percent) that found the database unavailable at which the endpoint stops.</summary>
    [Range(1, 100)]
    public int PauseTripPercent { get; set; } = 10;

    /// <summary>The window the kill switch counts in.</summary>
    public TimeSpan PauseTrackingPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a stopped endpoint waits before it takes messages again (it stops again at the first that finds the database
    /// still unavailable): the most a recovered database waits for the backlog to move.
    /// </summary>
    public TimeSpan PauseFor { get; set; } = TimeSpan.FromSeconds(10);
}
