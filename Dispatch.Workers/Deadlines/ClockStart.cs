namespace Dispatch.Workers.Deadlines;

/// <summary>
/// A clock started by <paramref name="Plan"/> as <paramref name="Generation"/>; <paramref name="Restarts"/> when the case already has a
/// clock of that kind (its row is reused). It starts with the first alarm of its plan.
/// </summary>
public sealed record ClockStart(ClockPlan Plan, int Generation, bool Restarts)
{
    public Alarm? FirstAlarm => Plan.Alarms.Count > 0 ? Plan.Alarms[0] : null;
}
