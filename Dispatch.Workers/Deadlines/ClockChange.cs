namespace Dispatch.Workers.Deadlines;

/// <summary>
/// What a change of a case does to its clocks: the writes in order, where the case's next deadline comes from, and for an alarm
/// the sweeper fired, the clock's next alarm. Pure data; <see cref="ClockChanges"/> decides it, the case's change writer stores it.
/// </summary>
public sealed record ClockChange(IReadOnlyList<ClockWrite> Writes, NextDue NextDue)
{
    /// <summary>Nothing happens to the clocks.</summary>
    public static ClockChange None { get; } = new([], NextDue.Unchanged);

    /// <summary>The alarm the clock keeps next, after the one the sweeper fired; null when none (the last, or the clock stopped).</summary>
    public PlannedAlarm? NextAlarm { get; init; }

    /// <summary>Whether a clock starts, stops, pauses or moves: what the sweeper read of the case's clocks no longer holds.</summary>
    public bool MovesClocks => Writes.Any(w => w is not ClockWrite.MarkOverdue);
}
