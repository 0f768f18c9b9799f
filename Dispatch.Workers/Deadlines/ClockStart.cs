namespace Dispatch.Workers.Deadlines;

/// <summary>
/// A clock started by <paramref name="Plan"/>; <paramref name="Restarts"/> when the case already has a clock of that kind (its row is
/// reused, as the plan's next generation). It starts with the first alarm of its plan.
/// </summary>
public sealed record ClockStart(ClockPlan Plan, bool Restarts)
{
    public CaseClock Clock => Plan.Clock;

    public Alarm? FirstAlarm => Plan.Alarms.Count > 0 ? Plan.Alarms[0] : null;
}
