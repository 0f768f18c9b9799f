namespace Dispatch.Workers.Deadlines;

/// <summary>
/// The alarm a clock keeps pending after the sweeper fired the one before it, planned from the clock's start and deadline. When it
/// is already due (the sweeper was behind) it is written fired (<paramref name="FiredAt"/>), and the sweeper acts on it in the same
/// sweep.
/// </summary>
public sealed record PlannedAlarm(Guid CaseId, string ClockKind, int Generation, Alarm Alarm, DateTimeOffset? FiredAt)
{
    /// <summary>As the sweeper claims alarms, to act on it in the same sweep.</summary>
    public DueAlarm ToDue() => new()
    {
        CaseId = CaseId, ClockKind = ClockKind, Generation = Generation, Kind = Alarm.Kind, Threshold = Alarm.Percent, DueAt = Alarm.DueAt,
    };
}
