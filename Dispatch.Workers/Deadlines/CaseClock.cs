namespace Dispatch.Workers.Deadlines;

/// <summary>A clock of a case as stored.</summary>
public sealed record CaseClock(
    string Kind,
    int Generation,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    SlaLimit Limit,
    long PolicyId,
    int PolicyVersion,
    string CalendarCode,
    int CalendarVersion,
    DateTimeOffset? PausedAt,
    DateTimeOffset? StoppedAt,
    DateTimeOffset? OverdueAt)
{
    public LimitUnit Unit => Limit.Unit;

    /// <summary>Working time the clock spent paused (waiting on the caller), summed over its pauses.</summary>
    public long PausedSeconds { get; init; }

    /// <summary>The working time it ran, pauses excluded, once stopped.</summary>
    public long? WorkedSeconds { get; init; }
}
