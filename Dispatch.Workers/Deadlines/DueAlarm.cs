namespace Dispatch.Workers.Deadlines;

/// <summary>An alarm of a case's clock that is due, as the sweeper claimed it (or planned it due within the same sweep).</summary>
public sealed class DueAlarm
{
    public long Id { get; init; }
    public Guid CaseId { get; init; }
    public string ClockKind { get; init; } = "";
    public int Generation { get; init; }
    public string Kind { get; init; } = "";
    public int Threshold { get; init; }
    public DateTimeOffset DueAt { get; init; }

    /// <summary>
    /// The clock already has a row for a later alarm (its alarms were all written at its start, by an earlier version): that row
    /// fires as it is, and there is no next to plan. A clock that keeps only its next alarm never has one, so planning the next
    /// can never write a row twice.
    /// </summary>
    public bool HasNext { get; init; }

    /// <summary>
    /// The clock this alarm belongs to, among the case's <paramref name="clocks"/>, while it still runs in the alarm's generation;
    /// null when it was stopped, paused or moved since: the alarm no longer applies.
    /// </summary>
    public CaseClock? RunningClockIn(IReadOnlyList<CaseClock> clocks)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        var clock = clocks.FirstOrDefault(c => c.Kind == ClockKind);
        return clock is { State: ClockStates.Running } && clock.Generation == Generation ? clock : null;
    }
}
